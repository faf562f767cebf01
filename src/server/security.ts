/**
 * Request guards, run before any route:
 * 1. Host check (loopback binds only): a DNS-rebinding page (attacker.example resolving to 127.0.0.1)
 *    sends `Host: attacker.example`; only loopback host names are answered.
 * 2. Cross-origin writes: browsers send `Origin` on cross-origin POST/PUT/DELETE and `Sec-Fetch-Site`
 *    (Fetch Metadata, W3C) on all requests. A state-changing request whose Origin is not this server, or
 *    that the browser marks `cross-site`, is refused: a web page elsewhere cannot start downloads or delete
 *    models on the user's local server. Non-browser clients (curl, the CLI) send neither and pass.
 * 3. API token (optional; required for non-loopback binds): `Authorization: Bearer <token>` or
 *    `?token=<token>` (EventSource cannot set headers). Compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../bind-host.js';
import { sendApiError } from './error-handler.js';
import { isMirrorPath } from './routes/mirror.js';
import type { ServerConfig } from './server-config.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  // Hashing first gives equal-length buffers, so timingSafeEqual never throws and length is not leaked.
  return timingSafeEqual(digest(expected), digest(presented));
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match?.[1]) return match[1];
  }
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}

/** `host[:port]` without brackets' ambiguity: the hostname part of a Host header. */
function hostnameOf(hostHeader: string): string {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return '';
  }
}

function needsToken(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/metrics');
}

/**
 * The path the checks judge: the route the router matched, never the raw URL, which may spell it another
 * way (`/%61pi/settings` is routed to `/api/settings`: judged by its raw text it needed no token). A request
 * no route matched: its path, percent-decoded.
 */
function routedPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route !== undefined) return route;
  const path = request.url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Why a state-changing request is cross-origin, or null when it is not. */
export function crossOriginReason(request: FastifyRequest): string | null {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return 'the browser marked it cross-site (Sec-Fetch-Site)';
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  if (origin === 'null') return 'its Origin is opaque ("null")';
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `its Origin "${origin}" is not a URL`;
  }
  const host = request.headers.host ?? '';
  if (originHost.toLowerCase() !== host.toLowerCase()) {
    return `its Origin ${origin} is not this server (${host})`;
  }
  return null;
}

export function installSecurity(app: FastifyInstance, config: ServerConfig): void {
  const loopbackOnly = isLoopbackHost(config.host);
  const allowedHosts = new Set((config.allowedHosts ?? []).map((host) => host.toLowerCase()));
  const apiToken = config.apiToken;

  app.addHook('onRequest', async (request, reply) => {
    const path = routedPath(request);
    // The mirror's read-only Hub endpoint answers LAN clients by any name and needs no API token: clients
    // send their HF token, which is the upstream's business (docs/mirror.md).
    if (isMirrorPath(path)) return undefined;
    if (loopbackOnly) {
      const hostname = hostnameOf(request.headers.host ?? '');
      if (!isLoopbackHost(hostname) && !allowedHosts.has(hostname.toLowerCase())) {
        return sendApiError(reply, 403, {
          code: 'HOST_NOT_ALLOWED',
          message: `This server only answers requests addressed to localhost, not "${request.headers.host ?? ''}"`,
        });
      }
    }
    if (!SAFE_METHODS.has(request.method)) {
      const reason = crossOriginReason(request);
      if (reason !== null) {
        request.log.warn({ origin: request.headers.origin }, 'refused cross-origin write');
        return sendApiError(reply, 403, {
          code: 'CROSS_ORIGIN_REQUEST',
          message: `Refused a ${request.method} from another site: ${reason}`,
        });
      }
    }
    if (apiToken !== undefined && needsToken(path) && !tokenMatches(apiToken, presentedToken(request))) {
      reply.header('www-authenticate', 'Bearer realm="hubget"');
      return sendApiError(reply, 401, {
        code: 'API_TOKEN_REQUIRED',
        message:
          'This hubget server requires its API token: send "Authorization: Bearer <token>" or ?token=<token>',
      });
    }
    return undefined;
  });
}
