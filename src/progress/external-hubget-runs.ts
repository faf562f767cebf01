/**
 * Which hubget run writes a hubget-shaped temp file the external watcher finds (docs/external-downloads.md,
 * "hubget downloads of other processes"). A hubget run claims a file's key in its destination's claims folder
 * before it creates the file's temp file, and holds a lock for as long as it lives (claim-records.ts), so:
 *
 * - claimed by a live run of this process (same pid and host): the server's own job: skipped;
 * - claimed by a live run of another process (`hubget download` in a terminal, another server): shown;
 * - claimed by no live run: nobody writes it any more (a paused or failed job's temp file, a killed run's
 *   leftover) when hubget's resume map is beside it; without one it may be another program's.
 *
 * The claims are read under the claims folder's mutex, without waiting for it (it is held for milliseconds
 * by whoever claims): when it is busy the last reading of that folder stands. Reading also deletes the files
 * of runs found gone, as every claiming run does (claim-records.ts).
 */
import { readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { TEMP_ATTEMPT_SOURCE } from '../hub/hex-ids.js';
import { holdsRunRecords, otherRuns, type RunOwner, tryLockClaimsFolder } from '../transfer/claim-records.js';
import { claimOfTempPrefix } from '../transfer/claims-folder.js';
import { readResumeMap } from '../transfer/resume-map.js';

/** `<prefix>.<8 hex>.incomplete`: the temp names hubget writes (and huggingface_hub ≥ 1.18). */
const ATTEMPT_TEMP = new RegExp(`^(.+)\\.${TEMP_ATTEMPT_SOURCE}\\.incomplete$`);

/** Live runs' claimed keys → who runs them, per claims folder (kept by the caller across scans). */
export type ClaimsMemo = Map<string, Map<string, RunOwner>>;

/**
 * A live run of this process, none (`unclaimed`), another process's live run (who runs it), or not known
 * (`unread`: the claims folder could not be read, e.g. no locks on its file system, or only its last reading
 * stands and names no run for the file).
 */
export type TempWriter = 'this-process' | 'unclaimed' | 'unread' | RunOwner;

/** A run of this process: the server's own jobs run in it (never in a child process). */
function isThisProcess(owner: RunOwner): boolean {
  return owner.pid === process.pid && (owner.hostname === '' || owner.hostname === hostname());
}

/** The keys the live runs of a claims folder claimed; `fresh`: read now, not the last reading (mutex busy). */
interface ClaimsReading {
  keys: Map<string, RunOwner>;
  fresh: boolean;
}

/** The last reading of `folder`, if any: what stands while its mutex is busy. */
function lastReading(folder: string, memo: ClaimsMemo): ClaimsReading | undefined {
  const keys = memo.get(folder);
  return keys === undefined ? undefined : { keys, fresh: false };
}

/** The keys the live runs of `folder` claimed; the last reading while its mutex is busy; undefined if unreadable. */
async function readClaims(folder: string, memo: ClaimsMemo): Promise<ClaimsReading | undefined> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) =>
    // No claims folder: no run ever claimed anything here (a run makes it before its first claim).
    error.code === 'ENOENT' ? [] : null,
  );
  if (names === null) {
    memo.delete(folder);
    return undefined;
  }
  // No run record: no hubget run claims anything here (huggingface_hub's own `.lock` files share the folder),
  // and the mutex is not taken (nor its file made).
  if (!holdsRunRecords(names)) {
    const none = new Map<string, RunOwner>();
    memo.set(folder, none);
    return { keys: none, fresh: true };
  }
  let mutex: ReturnType<typeof tryLockClaimsFolder>;
  try {
    mutex = tryLockClaimsFolder(folder);
  } catch {
    // No locks on this file system, no permission, or the folder went meanwhile.
    return lastReading(folder, memo);
  }
  if (mutex === null) return lastReading(folder, memo);
  try {
    const keys = new Map<string, RunOwner>();
    // Nobody's own id is '': every live run counts.
    for (const run of await otherRuns(folder, '')) for (const key of run.keys) keys.set(key, run.owner);
    memo.set(folder, keys);
    return { keys, fresh: true };
  } catch {
    return lastReading(folder, memo);
  } finally {
    mutex.release();
  }
}

/**
 * Reads each claims folder at most once per scan. `touched`: the folders read, so the caller can forget the
 * others' readings.
 */
export class ScanClaims {
  readonly #memo: ClaimsMemo;
  readonly #read = new Map<string, Promise<ClaimsReading | undefined>>();

  constructor(memo: ClaimsMemo) {
    this.#memo = memo;
  }

  /**
   * Who writes the temp file at `path`; undefined when its name is no hubget temp name. `unclaimed` only from a
   * reading made now: by the last one (the mutex busy) a run that claimed since would look unclaimed (`unread`).
   */
  async writerOf(path: string): Promise<TempWriter | undefined> {
    const prefix = ATTEMPT_TEMP.exec(path)?.[1];
    const claim = prefix === undefined ? undefined : claimOfTempPrefix(prefix);
    if (claim === undefined) return undefined;
    let reading = this.#read.get(claim.folder);
    if (reading === undefined) {
      reading = readClaims(claim.folder, this.#memo);
      this.#read.set(claim.folder, reading);
    }
    const claims = await reading;
    if (claims === undefined) return 'unread';
    const owner = claims.keys.get(claim.key);
    if (owner === undefined) return claims.fresh ? 'unclaimed' : 'unread';
    return isThisProcess(owner) ? 'this-process' : owner;
  }

  /** Forgets the readings of claims folders this scan did not need. */
  prune(): void {
    for (const folder of this.#memo.keys()) if (!this.#read.has(folder)) this.#memo.delete(folder);
  }
}

/**
 * Bytes a hubget temp file holds: the done ranges of its resume map. The file is sized to the whole file at
 * its first map write (transfer-file.ts), so its length says nothing; undefined without a readable map.
 */
export async function hubgetDoneBytes(resumeMapPath: string): Promise<number | undefined> {
  return (await readResumeMap(resumeMapPath))?.doneBytes;
}
