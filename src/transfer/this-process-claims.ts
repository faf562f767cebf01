/**
 * The keys this process's download runs claimed (download-claims.ts), per claims folder, kept for a while after
 * each run ends: so the external watcher, which runs in the server beside its jobs, tells a file the server's
 * own runs put in place from one another program did (docs/external-downloads.md, "How much is downloaded").
 * The claims on disk cannot say it: a run gives them up when it ends, and a run of a few small files starts,
 * finishes and ends between two of the watcher's scans (a second apart).
 *
 * Memory: one entry per key a run of this process claimed, dropped `RETAIN_MS` after its run ended.
 */

/** How long an ended run's keys are remembered: far longer than the watcher takes to see a file appear. */
export const THIS_PROCESS_CLAIMS_RETAIN_MS = 10 * 60_000;

/** Claims folder → key → when the run that claimed it ended (Infinity while it runs). */
const heldUntil = new Map<string, Map<string, number>>();

/** A run of this process claimed these keys in `folder` (it holds them until `noteRunEnded`). */
export function noteClaimed(folder: string, keys: Iterable<string>): void {
  let held = heldUntil.get(folder);
  if (held === undefined) {
    held = new Map();
    heldUntil.set(folder, held);
  }
  for (const key of keys) held.set(key, Number.POSITIVE_INFINITY);
}

/** The run that claimed these keys in `folder` ended at `at`; keys ended long before are forgotten. */
export function noteRunEnded(folder: string, keys: Iterable<string>, at: number = Date.now()): void {
  const held = heldUntil.get(folder);
  if (held !== undefined) for (const key of keys) if (held.has(key)) held.set(key, at);
  for (const [name, keysHeld] of heldUntil) {
    for (const [key, until] of keysHeld) if (at - until > THIS_PROCESS_CLAIMS_RETAIN_MS) keysHeld.delete(key);
    if (keysHeld.size === 0) heldUntil.delete(name);
  }
}

/**
 * Whether a run of this process holds, or held until less than `THIS_PROCESS_CLAIMS_RETAIN_MS` ago, a key of
 * `folder` that is `key`, or starts with `key.prefix` (a local dir's `<dir>/{X}.`, whose blob id a finished
 * file's `.metadata` name does not carry).
 */
export function claimedByThisProcess(
  folder: string,
  key: string | { prefix: string },
  now: number = Date.now(),
): boolean {
  const held = heldUntil.get(folder);
  if (held === undefined) return false;
  const recent = (until: number | undefined) =>
    until !== undefined && now - until <= THIS_PROCESS_CLAIMS_RETAIN_MS;
  if (typeof key === 'string') return recent(held.get(key));
  for (const [claimed, until] of held) if (claimed.startsWith(key.prefix) && recent(until)) return true;
  return false;
}
