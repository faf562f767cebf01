/** State shared by the hub and CDN request handlers, plus small HTTP helpers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultState, Faults, Pacer, RequestKind } from './faults.js';
import type { RepoStore } from './repo-store.js';

export interface RequestLogEntry {
  /** Milliseconds since the hub started. */
  t: number;
  host: 'hub' | 'cdn';
  method: string;
  /** Raw request path with query string. */
  path: string;
  range?: string;
  /** 0 until the response headers are sent. */
  status: number;
  /** Body bytes written (updated while streaming). */
  bytesSent: number;
  /** Whether an Authorization header was present. */
  authorization: boolean;
  repoId?: string;
  /** Repo file path the request was about (resolve, resolve-cache, CDN). */
  file?: string;
}

export interface HubContext {
  store: RepoStore;
  faults: FaultState;
  tokens: Set<string>;
  hubOrigin: string;
  cdnOrigin: string;
  treePageSize: number;
  regularFiles: 'auto' | 'direct' | 'resolve-cache';
  cdnRejectsAuthorization: boolean;
  signingSecret: string;
  /** CDN URLs minted before this generation are rejected (hub.expireCdnUrls()). */
  cdnGeneration: number;
  globalPacer(): Pacer | undefined;
  signal: AbortSignal;
}

export type AuthState = 'none' | 'valid' | 'invalid';

export function authState(req: IncomingMessage, ctx: HubContext): AuthState {
  const header = req.headers.authorization;
  if (!header) return 'none';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match && ctx.tokens.has(match[1]!.trim()) ? 'valid' : 'invalid';
}

/** Hub-style error: X-Error-Code + X-Error-Message + JSON `{error}` (docs/hub-protocol.md §1.7). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string | undefined,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: message });
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-error-message': message,
    ...extraHeaders,
  };
  if (code) headers['x-error-code'] = code;
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendJson(
  res: ServerResponse,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...extraHeaders,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * Applies the request-level faults (latency, hold, forced status). Returns true when the response was already
 * sent by a fault and the handler must stop.
 */
export async function preflight(
  ctx: HubContext,
  res: ServerResponse,
  kind: RequestKind,
  repoId: string | undefined,
  file: string | undefined,
): Promise<boolean> {
  const latency = ctx.faults.take('latency', repoId, file);
  if (latency) await sleep(latency.ms, undefined, { signal: ctx.signal }).catch(() => undefined);
  const hold = ctx.faults.take('hold', repoId, file);
  if (hold) await ctx.faults.whileHeld(hold, ctx.signal);
  const windowLeft = ctx.faults.rateLimitWindowLeft(kind, repoId, file);
  const status: Faults['status'] =
    windowLeft === undefined
      ? forcedStatus(ctx, kind, repoId, file)
      : { status: 429, retryAfterSeconds: windowLeft };
  if (!status) return false;
  const headers: Record<string, string> = {};
  if (status.status === 429) {
    const seconds = status.retryAfterSeconds ?? 1;
    const bucket = kind === 'api' ? 'api' : 'resolvers';
    headers.ratelimit = `"${bucket}";r=0;t=${seconds}`;
    headers['ratelimit-policy'] = `"fixed window";"${bucket}";q=3000;w=300`;
    headers['retry-after'] = String(seconds);
  } else if (status.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(status.retryAfterSeconds);
  }
  const message = status.status === 429 ? 'Too Many Requests' : `Injected HTTP ${status.status}`;
  sendError(res, status.status, status.errorCode, message, headers);
  return true;
}

/** The `status` fault's answer for this request, when it applies (consuming one of its `times`). */
function forcedStatus(
  ctx: HubContext,
  kind: RequestKind,
  repoId: string | undefined,
  file: string | undefined,
): Faults['status'] {
  const forced = ctx.faults.current.status;
  if (!forced || ((forced.on ?? 'any') !== 'any' && forced.on !== kind)) return undefined;
  return ctx.faults.take('status', repoId, file);
}

/** Decode one URL path segment; undefined when malformed. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
