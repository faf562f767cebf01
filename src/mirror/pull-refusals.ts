/**
 * The refusals of a file request answered from a pull (file-requests.ts): a file not in the cache or only partly
 * pulled while the upstream is unreachable, a pull the upstream answers with errors, a pull an operator stopped.
 */

import type { HubgetError } from '../errors.js';
import { formatBytes } from '../format/units.js';
import { retryAfterSeconds, retryWhenWords } from '../hub/retry-policy.js';
import { MirrorError, needsUpstream, rememberedRateLimitError } from './mirror-errors.js';
import type { FailingAttempt } from './pull-failures.js';

/** What a pull has of a file the cache lacks: bytes on disk, of `size`; the request's range starts at `from`. */
export interface Partly {
  onDisk: number;
  size: number;
  from: number;
}

/**
 * The 503 for a file the cache lacks that no pull has, while the upstream is unreachable; with --mirror-offline (a paused pull's temp file found not to be the file) the 501 that says the mirror
 * is offline (needsUpstream, offlineRefusal).
 */
export function notCachedUnreachable(repoId: string, path: string, commit: string): MirrorError {
  return needsUpstream(
    `${path} of ${repoId} is not in the mirror cache`,
    ' and the upstream Hub is unreachable',
    {
      'x-repo-commit': commit,
    },
  );
}

/**
 * The 503 for a file this mirror is pulling, of which the bytes asked (from the range's start) are not on disk
 * while the upstream is unreachable: it says how much is, not that the file is not in the mirror at all. So for a
 * paused pull with no byte on disk ("0 B of …": the pull is the mirror's word on the file, and nothing arrives while
 * it is paused), past its bytes or not. With --mirror-offline (a paused pull's bytes) the 501 that says the mirror is
 * offline, as much said (offlineRefusal): the rest never comes while it is, and a 503 would have clients retry it for
 * nothing.
 */
export function partlyPulled(repoId: string, path: string, commit: string, partly: Partly): MirrorError {
  const missing = partly.from === 0 ? '' : `, not the bytes from ${partly.from} on`;
  return needsUpstream(
    `${path} of ${repoId} is only partly in the mirror (${formatBytes(partly.onDisk)} of ${formatBytes(partly.size)}${missing})`,
    ' and the upstream Hub is unreachable: try again when it is back',
    { 'x-repo-commit': commit },
  );
}

/**
 * Whether a pull of a file the cache lacks, with `onDisk` bytes of it on disk, is refused with partlyPulled when the
 * bytes asked are not there: a paused one always (0 B too), a running one once it has some (before that, its first
 * bytes may come any moment: the file gets firstBytesAwaited, or the 404 of an offline mirror).
 */
export function refusedAsPartly(onDisk: number, paused: boolean): boolean {
  return onDisk > 0 || paused;
}

/**
 * The 503 for a file the cache lacks whose pull runs but has no byte of it yet while the upstream is unreachable: it
 * says so (a pull is under way, none of its bytes is here yet), not that the file is not in the mirror at all, and
 * when to ask again: `Retry-After` is what is left of the window in which the mirror asks the upstream nothing
 * (`unreachableLeftMs`, Upstream.unreachableLeftMs; at least 1 s), in whole seconds as the mirror's other answers pass a
 * wait on (retryAfterSeconds), which hubget and huggingface_hub honour (docs/hub-protocol.md §1.6). The pull's job
 * retries meanwhile: its first bytes may be there sooner, and are served from then on.
 */
export function firstBytesAwaited(
  repoId: string,
  path: string,
  commit: string,
  size: number,
  unreachableLeftMs: number | undefined,
): MirrorError {
  const waitMs = Math.max(unreachableLeftMs ?? 0, 1000);
  return needsUpstream(
    `${path} of ${repoId} is being pulled, but no byte of it is in the mirror yet (0 B of ${formatBytes(size)})`,
    ` and the upstream Hub is unreachable: the pull keeps trying, ${retryWhenWords(waitMs)}`,
    { 'x-repo-commit': commit, 'retry-after': String(retryAfterSeconds(waitMs)) },
  );
}

/**
 * Seconds a client is told to wait (Retry-After) before asking again for a file whose pull keeps trying and has no
 * byte of it to serve, when no wait is known (the upstream asked for none, or its wait is over): the upstream
 * answers the pull with errors (upstreamFailing), or an offline mirror's pull has not got its first bytes yet
 * (firstBytesAwaitedOffline). The pull's job retries meanwhile, and the file may have bytes by then.
 */
export const UPSTREAM_FAILING_RETRY_AFTER_S = 10;

/**
 * With --mirror-offline, the 503 for a file the cache lacks whose pull runs (an operator resumed it, paused: its job
 * asks the Hub, which the mirror's own answers do not) but has no byte of it yet: it says so, not that the file does
 * not exist (the 404 of any file the cache lacks, before), nor the 501 of what only the upstream could give (the pull
 * gives it). Not a 501: its first bytes may come any moment, and hubget and huggingface_hub retry a 503, honouring its
 * Retry-After (docs/hub-protocol.md §1.6): what is left of the wait the upstream asked of the pull's last failed
 * attempt (failing), else UPSTREAM_FAILING_RETRY_AFTER_S; they are served to the next request from then on.
 */
export function firstBytesAwaitedOffline(
  repoId: string,
  path: string,
  commit: string,
  size: number,
  failing: FailingAttempt | undefined,
): MirrorError {
  const waitMs = (failing && askedWaitLeftMs(failing)) ?? UPSTREAM_FAILING_RETRY_AFTER_S * 1000;
  return new MirrorError(
    503,
    `${path} of ${repoId} is being pulled, but no byte of it is in the mirror yet (0 B of ${formatBytes(size)}), and the mirror is offline (--mirror-offline): its pull, resumed on the mirror, keeps going: ${retryWhenWords(waitMs)}`,
    undefined,
    { 'x-repo-commit': commit, 'retry-after': String(retryAfterSeconds(waitMs)) },
  );
}

/**
 * What is left, in ms at `now`, of the wait the upstream asked for when it failed the pull's last attempt (its
 * Retry-After, or a 429's RateLimit reset): the pull's job tries again once it is over. Undefined when it asked for
 * none, or the wait is over.
 */
export function askedWaitLeftMs(failing: FailingAttempt, now = Date.now()): number | undefined {
  if (failing.retryAfterMs === undefined) return undefined;
  const left = failing.failedAt + failing.retryAfterMs - now;
  return left > 0 ? left : undefined;
}

/**
 * The 503 for a file whose pull the upstream answers with errors and of which no byte is there yet: its
 * Retry-After is what is left of the upstream's own wait (askedWaitLeftMs, in whole seconds as the mirror's other
 * answers pass a wait on: retryAfterSeconds), else UPSTREAM_FAILING_RETRY_AFTER_S. A `429` is no failure of the
 * upstream but its rate limit: the client gets the `429` every request of the remembered wait gets
 * (rememberedRateLimitError, with the same Retry-After), which clients tell apart from a `503`.
 */
export function upstreamFailing(
  repoId: string,
  path: string,
  commit: string,
  failing: FailingAttempt,
): MirrorError | HubgetError {
  const askedMs = askedWaitLeftMs(failing);
  if (failing.code === 'RATE_LIMITED')
    return rememberedRateLimitError(askedMs ?? UPSTREAM_FAILING_RETRY_AFTER_S * 1000);
  const seconds = askedMs === undefined ? UPSTREAM_FAILING_RETRY_AFTER_S : retryAfterSeconds(askedMs);
  return new MirrorError(
    503,
    `${path} of ${repoId} is not in the mirror cache and the upstream Hub fails to send it (${failing.message}); the mirror keeps trying: ${retryWhenWords(askedMs)}`,
    undefined,
    { 'x-repo-commit': commit, 'retry-after': String(seconds) },
  );
}

/**
 * The 503 for a client an operator let go before its answer's status (a pull paused or cancelled anyway,
 * waiting-clients.ts release): asking again resumes a paused pull, as for any client.
 */
export function pullStopped(repoId: string, path: string, commit: string): MirrorError {
  return new MirrorError(
    503,
    `${path} of ${repoId} is not in the mirror cache and its pull was stopped on the mirror (paused or cancelled by its operator): try again later`,
    undefined,
    { 'x-repo-commit': commit },
  );
}
