/**
 * What the mirror answers when it refuses: the Hub's status and `X-Error-Code` (docs/hub-protocol.md §1.3),
 * so every client reports the same error it would get from the Hub itself.
 */
import { type ErrorCode, HubgetError, isHubgetError, toHubgetError } from '../errors.js';
import type { RepoRef } from '../hub/index.js';
import { retryAfterSeconds, retryWhenWords } from '../hub/retry-policy.js';

export type HubErrorCode =
  | 'RepoNotFound'
  | 'RevisionNotFound'
  | 'EntryNotFound'
  | 'GatedRepo'
  | 'MirrorOffline';

export class MirrorError extends Error {
  /** What the answer lacks that only the upstream can give (set by needsUpstream; see offlineRefusal). */
  needsUpstream?: string;
  /**
   * What the mirror's operator should know and the client not be told (the upstream's address, the mirror's
   * token): the server log's line about this answer (errorReply, src/server/routes/mirror.ts).
   */
  detail?: string;

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
 * What a client is told of a request the mirror answers itself because the upstream's `429` wait for its quota
 * lasts (src/hub/rate-limit-windows.ts): `waitLeftMs` is what is left of it.
 */
export function rememberedRateLimitMessage(waitLeftMs: number): string {
  return `The upstream Hub rate-limited these requests, and the mirror does not ask it again before the wait it asked is over: ${retryWhenWords(waitLeftMs)}`;
}

/**
 * The refusal of a request the mirror would make with its own token (a metadata call, a pull) while the upstream's
 * `429` wait for that quota lasts (src/hub/rate-limit-windows.ts), as that `429` was: what is left of the wait,
 * `waitLeftMs`.
 */
export function rememberedRateLimitError(waitLeftMs: number): HubgetError {
  return new HubgetError('RATE_LIMITED', rememberedRateLimitMessage(waitLeftMs), {
    status: 429,
    retryable: true,
    retryAfterMs: waitLeftMs,
  });
}

/** Where a client is told the details of a failure of the mirror's own call are. */
const SEE_LOG = "the mirror's log has the details";

/**
 * What a client is told of a failure of the mirror's own upstream call (revision, listing, file fetch: made with
 * the mirror's token, never the client's): what it can act on, in the Hub's terms, without the upstream's address
 * or the mirror host's settings (the engine's message, with both, goes to the server log: MirrorError.detail).
 * A refusal says the mirror's own token asked, so a client that has access does not take it as a verdict on its
 * token (docs/mirror.md, "Gated and private repos").
 */
function clientMessage(error: HubgetError, repo: RepoRef | undefined): string {
  const name = repo?.repoId ?? 'the repository';
  const ownToken = `the mirror asked with its own token, which may lack access; ${SEE_LOG}`;
  switch (error.code) {
    case 'REPO_NOT_FOUND':
      return `Repository ${name} not found upstream, or it is private (${ownToken})`;
    case 'GATED_REPO':
      return `Access to ${name} is restricted: it is gated (${ownToken})`;
    case 'UNAUTHORIZED':
      return `The upstream Hub rejected the mirror's own token (${SEE_LOG})`;
    case 'FORBIDDEN':
      return `The upstream Hub refused ${name} to the mirror's own token (${SEE_LOG})`;
    case 'RATE_LIMITED':
      return `The upstream Hub rate-limited the mirror: ${retryWhenWords(error.retryAfterMs)}`;
    case 'REVISION_NOT_FOUND':
    case 'ENTRY_NOT_FOUND':
    case 'INVALID_REPO_ID':
    case 'UNSAFE_PATH':
      // About the request, naming only its revision, path or id.
      return error.message;
    case 'NETWORK_UNREACHABLE':
    case 'OFFLINE_MODE':
      return 'The upstream Hub is unreachable: try again when it is back';
    default:
      return `The mirror could not answer (${error.code}): try again later (${SEE_LOG})`;
  }
}

/**
 * A HubgetError from the engine (the mirror's upstream call, the cache) as the answer a Hub client expects: the
 * Hub's status and code, a message for the client (clientMessage) and the engine's for the log (`detail`). A
 * wait the upstream asked for (a 429's RateLimit or Retry-After, a 503's Retry-After) goes along as
 * `Retry-After`, which huggingface_hub's http_backoff honours (docs/hub-protocol.md §1.6): the mirror does not
 * wait it out itself. `repo`: the repo asked, named in the message.
 */
export function toMirrorError(error: unknown, repo?: RepoRef): MirrorError {
  if (error instanceof MirrorError) return error;
  const hubget = toHubgetError(error);
  const headers: Record<string, string> =
    hubget.retryAfterMs === undefined
      ? {}
      : { 'retry-after': String(retryAfterSeconds(hubget.retryAfterMs)) };
  const mapped = HUB_CODES[hubget.code];
  const unreachable = isHubgetError(error, 'NETWORK_UNREACHABLE') || isHubgetError(error, 'OFFLINE_MODE');
  const refusal = new MirrorError(
    statusOf(hubget, unreachable),
    clientMessage(hubget, repo),
    mapped?.code,
    headers,
  );
  refusal.detail = `${hubget.code}: ${hubget.message}${
    TOKEN_REFUSALS.has(hubget.code)
      ? " (asked with the mirror's own token: HF_TOKEN on the mirror host, or the token set on its Settings page)"
      : ''
  }`;
  return refusal;
}

/**
 * The status a client gets: a Hub refusal's own (the upstream's wins: a gated repo is 401 without a token, 403
 * with one; else the code's), 503 while the upstream is unreachable, 502 for anything else it did.
 */
function statusOf(error: HubgetError, unreachable: boolean): number {
  const mapped = HUB_CODES[error.code];
  if (mapped) return typeof error.status === 'number' && error.status >= 400 ? error.status : mapped.status;
  return unreachable ? 503 : 502;
}

/** 503 for a repo the mirror cannot serve while its upstream is unreachable (never a hang). */
export function unavailableOffline(repoId: string, what = 'is not in the mirror cache'): MirrorError {
  return needsUpstream(
    `${repoId} ${what}`,
    ' and the upstream Hub is unreachable (mirror offline): try again when it is back',
  );
}
