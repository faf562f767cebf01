/**
 * What the mirror answers when it refuses: the Hub's status and `X-Error-Code` (docs/hub-protocol.md §1.3),
 * so every client reports the same error it would get from the Hub itself.
 */
import { type ErrorCode, HubgetError, isHubgetError, toHubgetError } from '../errors.js';
import { retryAfterSeconds } from '../hub/retry-policy.js';

export type HubErrorCode =
  | 'RepoNotFound'
  | 'RevisionNotFound'
  | 'EntryNotFound'
  | 'GatedRepo'
  | 'MirrorOffline';

export class MirrorError extends Error {
  /** What the answer lacks that only the upstream can give (set by needsUpstream; see offlineRefusal). */
  needsUpstream?: string;

  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: HubErrorCode,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'MirrorError';
  }
}

/**
 * An answer only the upstream can give while it is unreachable: a 503 (temporary: clients retry it, and the
 * upstream may be back). `what` says what is missing ("org/x is not in the mirror cache"); with
 * --mirror-offline the same answer becomes offlineRefusal's.
 */
export function needsUpstream(
  what: string,
  unreachable: string,
  headers: Record<string, string> = {},
): MirrorError {
  const error = new MirrorError(503, `${what}${unreachable}`, undefined, headers);
  error.needsUpstream = what;
  return error;
}

/**
 * With --mirror-offline the upstream is off on purpose: an answer that needs it is no temporary failure, so it
 * is not a 503 (hubget, huggingface_hub and the engine retry 503 with backoff, ≈ 8–23 s for nothing) but a 501,
 * which none of them retries (docs/hub-protocol.md §1.6, src/hub/retry-policy.ts), with X-Error-Code
 * `MirrorOffline` and a message that says so. Other refusals are unchanged.
 */
export const MIRROR_OFFLINE_STATUS = 501;

export function offlineRefusal(error: MirrorError): MirrorError {
  if (error.needsUpstream === undefined) return error;
  return new MirrorError(
    MIRROR_OFFLINE_STATUS,
    `${error.needsUpstream}, and the mirror is offline (--mirror-offline)`,
    'MirrorOffline',
    error.headers,
  );
}

const HUB_CODES: Partial<Record<ErrorCode, { status: number; code?: HubErrorCode }>> = {
  REPO_NOT_FOUND: { status: 404, code: 'RepoNotFound' },
  GATED_REPO: { status: 403, code: 'GatedRepo' },
  REVISION_NOT_FOUND: { status: 404, code: 'RevisionNotFound' },
  ENTRY_NOT_FOUND: { status: 404, code: 'EntryNotFound' },
  INVALID_REPO_ID: { status: 404, code: 'RepoNotFound' },
  UNSAFE_PATH: { status: 404, code: 'EntryNotFound' },
  UNAUTHORIZED: { status: 401 },
  FORBIDDEN: { status: 403 },
  RATE_LIMITED: { status: 429 },
};

/** Refusals of the upstream that depend on the token that asked. */
const TOKEN_REFUSALS = new Set<ErrorCode>(['REPO_NOT_FOUND', 'GATED_REPO', 'UNAUTHORIZED', 'FORBIDDEN']);

/**
 * The upstream refused a call the mirror made with its own token (revision, listing, file fetch): the same
 * code and status, with a message that says whose token it was. The engine's message tells a CLI user to pass
 * a token; a mirror client that did may otherwise read it as a verdict on its own (docs/mirror.md, "Gated
 * and private repos").
 */
export function askedWithMirrorToken(error: unknown): unknown {
  if (!(error instanceof HubgetError) || !TOKEN_REFUSALS.has(error.code)) return error;
  return new HubgetError(
    error.code,
    `${error.message} (the mirror asked with its own token, HF_TOKEN on the mirror host, which may lack access)`,
    { cause: error, ...(error.status === undefined ? {} : { status: error.status }) },
  );
}

/**
 * A HubgetError from the engine (upstream call, cache) as the answer a Hub client expects. A wait the upstream
 * asked for (a 429's RateLimit or Retry-After, a 503's Retry-After) goes along as `Retry-After`, which
 * huggingface_hub's http_backoff honours (docs/hub-protocol.md §1.6): the mirror does not wait it out itself.
 */
export function toMirrorError(error: unknown): MirrorError {
  if (error instanceof MirrorError) return error;
  const hubget = toHubgetError(error);
  const headers: Record<string, string> =
    hubget.retryAfterMs === undefined
      ? {}
      : { 'retry-after': String(retryAfterSeconds(hubget.retryAfterMs)) };
  const mapped = HUB_CODES[hubget.code];
  if (mapped) {
    // The upstream's own status wins (a gated repo is 401 without a token, 403 with one).
    const status = typeof hubget.status === 'number' && hubget.status >= 400 ? hubget.status : mapped.status;
    return new MirrorError(status, hubget.message, mapped.code, headers);
  }
  if (isHubgetError(error, 'NETWORK_UNREACHABLE') || isHubgetError(error, 'OFFLINE_MODE')) {
    return new MirrorError(503, hubget.message);
  }
  return new MirrorError(502, `Upstream failed: ${hubget.message}`, undefined, headers);
}

/** 503 for a repo the mirror cannot serve while its upstream is unreachable (never a hang). */
export function unavailableOffline(repoId: string, what = 'is not in the mirror cache'): MirrorError {
  return needsUpstream(
    `${repoId} ${what}`,
    ' and the upstream Hub is unreachable (mirror offline): try again when it is back',
  );
}
