/**
 * The files of a claims folder: which hubget download run fetches which file into one place (a repo in the
 * cache, or a local dir), so that no two runs, in one process or in two, ever write the same temp file
 * (docs/cache-layout.md, "One writer per file"; the protocol on top is download-claims.ts).
 *
 *   hubget.lock          the folder's mutex: held for a few milliseconds by whoever reads or changes the claims
 *   hubget-<run>.lock    held by a run for as long as it runs: locked means alive. The operating system drops
 *                        it when the process ends, however it ends (src/system/file-lock.ts)
 *   hubget-<run>.json    the run's record: pid, host, start, and the keys of the files it claimed
 *
 * `<run>` is `<pid>-<8 hex>`, new for every downloadModel call. Every file of the folder is created, read,
 * probed and deleted only by a holder of the mutex: so a run whose lock file exists but is not locked yet
 * (being created) is never probed, and a run found gone can have its files deleted safely (no other prober
 * can be looking at them meanwhile, and no run ever uses that name again).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';
import { TEMP_ATTEMPT_SOURCE } from '../hub/hex-ids.js';
import { makeDirectory } from '../make-directory.js';
import { randomTempSuffix, replaceFile } from '../replace-file.js';
import { type FileLock, tryLockExistingFile, tryLockFile } from '../system/file-lock.js';

export const CLAIMS_MUTEX_FILE_NAME = 'hubget.lock';
/** While another holds the mutex (a few milliseconds), it is asked again this often. */
const MUTEX_RETRY_MS = 10;

/** `hubget-<pid>-<8 hex>.lock` / `.json`, and a record's leftover temp sibling (`.json.<8 hex>.tmp`). */
const RUN_FILE = new RegExp(
  `^hubget-([0-9]+-${TEMP_ATTEMPT_SOURCE})\\.(?:lock|json)(?:\\.${TEMP_ATTEMPT_SOURCE}\\.tmp)?$`,
);

/** Whether a claims folder's listing holds a run's record: without one, no run claims anything there. */
export function holdsRunRecords(names: readonly string[]): boolean {
  return names.some((name) => name.endsWith('.json') && RUN_FILE.test(name));
}

/** Who runs a download: shown to a run that waits for it. */
export interface RunOwner {
  pid: number;
  hostname: string;
  /** ISO time the run started. */
  startedAt: string;
}

/**
 * What a local-dir run fetches, told in the HF cache's claims folder of its repo (other-layout-runs.ts): its
 * local dir, and the path there of each blob id it fetches. It claims nothing there (no keys).
 */
export interface LocalFetches {
  localDir: string;
  /** Blob id → the file's path in the local dir. */
  fetching: Readonly<Record<string, string>>;
}

/** Another run that is alive, with the keys it claimed. */
export interface LiveRun {
  id: string;
  owner: RunOwner;
  keys: readonly string[];
  /** A local-dir run's record in the HF cache's claims folder. */
  local?: LocalFetches;
}

interface RunRecord extends RunOwner {
  keys: string[];
  local?: LocalFetches;
}

export function newRunId(): string {
  return `${process.pid}-${randomTempSuffix()}`;
}

export function ownerOfThisProcess(startedAt: Date): RunOwner {
  return { pid: process.pid, hostname: hostname(), startedAt: startedAt.toISOString() };
}

function runLockPath(folder: string, id: string): string {
  return join(folder, `hubget-${id}.lock`);
}

function runRecordPath(folder: string, id: string): string {
  return join(folder, `hubget-${id}.json`);
}

function abortedWaiting(signal: AbortSignal): HubgetError {
  return new HubgetError('ABORTED', 'The download was aborted', { cause: signal.reason });
}

/**
 * Takes the folder's mutex, asking again every few milliseconds while it is held. The folder must exist,
 * unless `remake`: then a folder that went while this waited is made again (a deletion holds the mutex while
 * it removes the place and its claims folder: downloads-here.ts, removeWhileNoDownloads).
 */
export async function lockClaimsFolder(
  folder: string,
  signal: AbortSignal,
  options: { remake?: boolean } = {},
): Promise<FileLock> {
  const path = join(folder, CLAIMS_MUTEX_FILE_NAME);
  for (;;) {
    if (signal.aborted) throw abortedWaiting(signal);
    // A make that fails (no permission, a full disk) throws: only a folder removed again between the make
    // and the lock is made again, on the next turn.
    if (options.remake && !existsSync(folder)) await makeDirectory(folder);
    let attempt: FileLock | 'busy';
    try {
      attempt = tryLockFile(path);
    } catch (error) {
      if (!options.remake || existsSync(folder)) throw error;
      attempt = 'busy';
    }
    if (attempt !== 'busy') return attempt;
    await new Promise((resolve) => setTimeout(resolve, MUTEX_RETRY_MS));
  }
}

/** The mutex if it is free right now, else null (a poll that can wait for its next turn). */
export function tryLockClaimsFolder(folder: string): FileLock | null {
  const attempt = tryLockFile(join(folder, CLAIMS_MUTEX_FILE_NAME));
  return attempt === 'busy' ? null : attempt;
}

/** Under the mutex: this run's liveness lock, held until endRun. */
export function startRun(folder: string, id: string): FileLock {
  const attempt = tryLockFile(runLockPath(folder, id));
  if (attempt === 'busy') throw new HubgetError('INTERNAL_ERROR', `Run ${id} is locked twice`);
  return attempt;
}

/** Under the mutex: this run's claims, replaced whole (a reader sees the old list or the new one). */
export async function writeRunRecord(
  folder: string,
  id: string,
  owner: RunOwner,
  keys: Iterable<string>,
  local?: LocalFetches,
): Promise<void> {
  const record: RunRecord = { ...owner, keys: [...keys], ...(local && { local }) };
  await replaceFile(runRecordPath(folder, id), `${JSON.stringify(record)}\n`);
}

/**
 * Under the mutex, by the run itself when it ends: its record goes (its claims with it), then its lock and
 * the lock file. No prober can come between (they all hold the mutex), and no run uses the name again; a
 * file that cannot be deleted is removed by the next run that finds it.
 */
export async function endRun(folder: string, id: string, lock: FileLock): Promise<void> {
  try {
    await rm(runRecordPath(folder, id), { force: true });
  } finally {
    lock.release();
  }
  await removeQuietly(folder, [`hubget-${id}.lock`]);
}

/** Deletes these names of the folder; one that cannot be deleted (in use on Windows) waits for the next look. */
async function removeQuietly(folder: string, names: Iterable<string>): Promise<void> {
  for (const name of names) await rm(join(folder, name), { force: true }).catch(() => {});
}

/**
 * Under the mutex: whether run `id` is alive. A run that is gone (its lock free: ended, or killed) has its
 * files deleted here. `names`: the folder's listing, when the caller has one (its leftover temp files go too).
 */
async function probeRun(folder: string, id: string, names: readonly string[] = []): Promise<boolean> {
  const attempt = tryLockExistingFile(runLockPath(folder, id));
  if (attempt === 'busy') return true;
  // Released before the files go (Windows deletes no locked file); the mutex keeps other probers out.
  if (attempt !== 'missing') attempt.release();
  const own = names.filter((name) => RUN_FILE.exec(name)?.[1] === id);
  await removeQuietly(folder, new Set([...own, `hubget-${id}.json`, `hubget-${id}.lock`]));
  return false;
}

/** Under the mutex: which of these runs are gone (their files are deleted). */
export async function goneRuns(folder: string, ids: Iterable<string>): Promise<Set<string>> {
  const gone = new Set<string>();
  for (const id of ids) if (!(await probeRun(folder, id))) gone.add(id);
  return gone;
}

async function readRecord(folder: string, id: string): Promise<RunRecord | null> {
  try {
    const value = JSON.parse(await readFile(runRecordPath(folder, id), 'utf8')) as Partial<RunRecord>;
    if (typeof value.pid !== 'number' || !Array.isArray(value.keys)) return null;
    return {
      pid: value.pid,
      hostname: typeof value.hostname === 'string' ? value.hostname : '',
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
      keys: value.keys.filter((key): key is string => typeof key === 'string'),
      ...localFetchesOf(value.local),
    };
  } catch {
    // No record yet (the run is claiming right after us), or none any more: it claims nothing.
    return null;
  }
}

/**
 * Whether a live run writes into the folder's place: every run but a local-dir run's record in the HF cache's
 * claims folder, which only tells what it fetches into its local dir (a deletion of the cached repo is not
 * held up by it).
 */
export function writesHere(run: LiveRun): boolean {
  return run.local === undefined;
}

/** A record's `local`, when well-formed (string paths only). */
function localFetchesOf(value: unknown): { local?: LocalFetches } {
  if (typeof value !== 'object' || value === null) return {};
  const { localDir, fetching } = value as Partial<Record<keyof LocalFetches, unknown>>;
  if (typeof localDir !== 'string' || typeof fetching !== 'object' || fetching === null) return {};
  const paths = Object.entries(fetching).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return { local: { localDir, fetching: Object.fromEntries(paths) } };
}

/** Under the mutex: the other runs that are alive and have claimed files (the remains of those gone are deleted). */
export async function otherRuns(folder: string, ownId: string): Promise<LiveRun[]> {
  const names = await readdir(folder);
  const ids = new Set<string>();
  for (const name of names) {
    const id = RUN_FILE.exec(name)?.[1];
    if (id !== undefined && id !== ownId) ids.add(id);
  }
  const live: LiveRun[] = [];
  for (const id of ids) {
    if (!(await probeRun(folder, id, names))) continue;
    const record = await readRecord(folder, id);
    if (record === null) continue;
    const { keys, local, ...owner } = record;
    live.push({ id, owner, keys, ...(local && { local }) });
  }
  return live;
}
