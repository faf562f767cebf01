/**
 * Whether a download owns files in a place about to be deleted (`hubget rm`, the server's Delete), decided by
 * who owns them rather than by when they were last written: a download limited to 2 KB/s, or one stalled for
 * minutes, writes nothing for long stretches and is still running; one stopped a second ago is not.
 *
 * - A hubget download run (any process: `hubget download`, a job of `hubget serve`) claims the files it
 *   fetches in the place's claims folder (claims-folder.ts) and holds a lock for as long as it runs
 *   (docs/cache-layout.md, "One writer per file"). While one such live run has claims there, the place is in
 *   use, whatever the age of its temp files. A run found gone (ended, interrupted, killed: its lock is free)
 *   owns nothing, and its temp files (those with a hubget resume map beside them) block nothing: they go with
 *   the place. Liveness is the same lock probe a download waiting for another run uses (claim-records.ts).
 *   A local dir's place also holds the local dirs below it (a download into `PARENT/sub` goes with PARENT).
 * - A temp file without a resume map is another program's (huggingface_hub's `.incomplete`), which records no
 *   claim: only for such a file the time of its last write decides (written within ACTIVE_WRITE_WINDOW_MS:
 *   in use). So do all temp files when the claims cannot be read (no claims folder: no hubget run claimed
 *   here, or one ran where it could not claim; no locks on its file system; its mutex held for longer than
 *   CLAIMS_READ_TIMEOUT_MS).
 *
 * A deletion decides and deletes under the claims folders' mutexes (removeWhileNoDownloads): a download that
 * starts meanwhile waits for them, so it cannot claim and write between the check and the delete; it then
 * claims in a claims folder made again (download-claims.ts) and fetches into the emptied place.
 */
import { type Dirent, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { localBookkeepingDir, localLocksDir } from '../cache/local-dir-layout.js';
import {
  ACTIVE_WRITE_WINDOW_MS,
  type RecentTempFile,
  type RecentTempFilesOptions,
  recentLocalDirTempFiles,
  recentTempFiles,
} from '../cache/recent-temp-files.js';
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { makeDirectory } from '../make-directory.js';
import type { FileLock } from '../system/file-lock.js';
import { lockClaimsFolder, otherRuns, type RunOwner, writesHere } from './claim-records.js';
import { claimsFolderAt, type DownloadPlace } from './claims-folder.js';

/** How long a deletion waits for the claims folder's mutex (held for milliseconds by whoever claims). */
export const CLAIMS_READ_TIMEOUT_MS = 5_000;

export interface DownloadsHere {
  /** The claims folder that was asked. */
  claimsFolder: string;
  /** Whether its claims could be read; if not, every recent temp file counts as a running download's. */
  claimsRead: boolean;
  /** Who runs the live hubget downloads with claims here. */
  owners: RunOwner[];
  /** Temp files written within the window that no claim accounts for, newest first. */
  unclaimedTemps: RecentTempFile[];
}

export interface DownloadsHereOptions extends RecentTempFilesOptions {
  claimsTimeoutMs?: number;
}

/** The owners of the live runs with claims in `folder`; undefined when they cannot be read. */
async function liveOwnersIn(folder: string, timeoutMs: number): Promise<RunOwner[] | undefined> {
  if (!existsSync(folder)) return undefined;
  try {
    const mutex = await lockClaimsFolder(folder, AbortSignal.timeout(timeoutMs));
    try {
      // Nobody's own id is '': every live run counts (the remains of the gone ones are removed meanwhile).
      return (await otherRuns(folder, '')).filter(writesHere).map((run) => run.owner);
    } finally {
      mutex.release();
    }
  } catch {
    return undefined;
  }
}

/** How deep below a local dir a download into a sub-folder is looked for (a models folder's model folders). */
const NESTED_LOCAL_DIR_DEPTH = 4;

/**
 * Folders below `localDir` that are local dirs themselves (they hold `.cache/huggingface`): a download into
 * `PARENT/sub` claims in `PARENT/sub`'s claims folder, and deleting PARENT deletes its files too.
 */
async function nestedLocalDirs(localDir: string, depth = 0): Promise<string[]> {
  if (depth >= NESTED_LOCAL_DIR_DEPTH) return [];
  const entries = await readdir(localDir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === '.cache') continue;
    const dir = join(localDir, entry.name);
    if (existsSync(localBookkeepingDir(dir))) found.push(dir);
    found.push(...(await nestedLocalDirs(dir, depth + 1)));
  }
  return found;
}

/** The place's claims folder and, for a local dir, the existing claims folders of the local dirs below it. */
async function claimsFoldersAt(place: DownloadPlace): Promise<string[]> {
  if (place.kind !== 'local') return [claimsFolderAt(place)];
  const below = (await nestedLocalDirs(place.localDir))
    .map(localLocksDir)
    .filter((folder) => existsSync(folder));
  return [claimsFolderAt(place), ...below];
}

/** The live owners in the place's claims folder and, for a local dir, in those of local dirs below it. */
async function liveOwnersAt(place: DownloadPlace, timeoutMs: number): Promise<RunOwner[] | undefined> {
  const owners = await liveOwnersIn(claimsFolderAt(place), timeoutMs);
  if (place.kind !== 'local') return owners;
  const below: RunOwner[] = [];
  for (const dir of await nestedLocalDirs(place.localDir)) {
    const folder = localLocksDir(dir);
    // A sub-folder no hubget run claimed in has no claims folder: nobody there.
    if (!existsSync(folder)) continue;
    const found = await liveOwnersIn(folder, timeoutMs);
    if (found === undefined) return undefined;
    below.push(...found);
  }
  return owners === undefined ? (below.length > 0 ? below : undefined) : [...owners, ...below];
}

function tempFilesOf(place: DownloadPlace, options: RecentTempFilesOptions): Promise<RecentTempFile[]> {
  return place.kind === 'local'
    ? recentLocalDirTempFiles(place.localDir, options)
    : recentTempFiles(cacheRepoLayout(place.cacheDir, place.repo).repoDir, options);
}

/** The verdict on a place's temp files, given the live owners of its claims (undefined: not read). */
async function judge(
  place: DownloadPlace,
  owners: RunOwner[] | undefined,
  options: RecentTempFilesOptions,
): Promise<DownloadsHere> {
  const recent = await tempFilesOf(place, options);
  return {
    claimsFolder: claimsFolderAt(place),
    claimsRead: owners !== undefined,
    owners: owners ?? [],
    // With the claims read, a hubget temp file (resume map beside it) no live run claims is a gone run's.
    unclaimedTemps: owners === undefined ? recent : recent.filter((temp) => !temp.hasResumeMap),
  };
}

export async function downloadsHere(
  place: DownloadPlace,
  options: DownloadsHereOptions = {},
): Promise<DownloadsHere> {
  return judge(place, await liveOwnersAt(place, options.claimsTimeoutMs ?? CLAIMS_READ_TIMEOUT_MS), options);
}

/** `pid 4242`, or `pid 4242 on other-host` for a run of another machine (a shared cache). */
function ownerName(owner: RunOwner): string {
  return owner.hostname === '' || owner.hostname === hostname()
    ? `pid ${owner.pid}`
    : `pid ${owner.pid} on ${owner.hostname}`;
}

/** IN_USE when a download owns files here (`what`: the repo id or folder, as the user named it). */
export function downloadsInUseError(
  what: string,
  here: DownloadsHere,
  now = Date.now(),
): HubgetError | undefined {
  if (here.owners.length > 0) {
    const names = [...new Set(here.owners.map(ownerName))];
    return new HubgetError(
      'IN_USE',
      `${what} is being downloaded by ${names.join(', ')}; wait for that download to finish or stop it, then run this again`,
      { details: { owners: here.owners } },
    );
  }
  const [newest] = here.unclaimedTemps;
  if (newest === undefined) return undefined;
  const seconds = Math.max(0, Math.round((now - newest.mtimeMs) / 1000));
  const window = `once unwritten for ${ACTIVE_WRITE_WINDOW_MS / 1000} s`;
  const message = here.claimsRead
    ? `${what} is being downloaded by another program (a temp file no hubget download claims was written ${seconds} s ago); ` +
      `wait for it to finish or stop it, then run this again (such a file counts as abandoned ${window})`
    : existsSync(here.claimsFolder)
      ? `${what} is being downloaded (a temp file was written ${seconds} s ago, and the claims that would say by whom cannot be read in ${shellWord(here.claimsFolder)}); ` +
        `wait for it to finish or stop it, then run this again (a temp file counts as abandoned ${window})`
      : `${what} is being downloaded (a temp file was written ${seconds} s ago, and no hubget download claimed files here); ` +
        `wait for it to finish or stop it, then run this again (a temp file counts as abandoned ${window})`;
  return new HubgetError('IN_USE', message, {
    details: { paths: here.unclaimedTemps.map((temp) => temp.path) },
  });
}

/**
 * The mutexes of every claims folder of `place`, its own made first when missing (so that a download that
 * starts now waits too); undefined when one cannot be made or taken in time, or the place is a folder without
 * a local dir's bookkeeping (nothing is held then).
 */
async function holdClaimsFolders(
  place: DownloadPlace,
  timeoutMs: number,
): Promise<{ folder: string; mutex: FileLock }[] | undefined> {
  // A folder that is no local dir yet (a forced deletion) gets no bookkeeping folder made in it.
  if (place.kind === 'local' && !existsSync(localBookkeepingDir(place.localDir))) return undefined;
  const folders = await claimsFoldersAt(place);
  const held: { folder: string; mutex: FileLock }[] = [];
  try {
    await makeDirectory(claimsFolderAt(place));
    // Always in this order; a download holds one mutex at a time, so nobody waits in a circle.
    for (const folder of folders) {
      held.push({ folder, mutex: await lockClaimsFolder(folder, AbortSignal.timeout(timeoutMs)) });
    }
    return held;
  } catch {
    for (const { mutex } of held) mutex.release();
    return undefined;
  }
}

/**
 * Runs `remove` unless a download owns files in `place` (the rule above; IN_USE then), holding the claims
 * folders' mutexes from the check through `remove`: no download can claim files here in between. When the
 * mutexes cannot be had, it decides as refuseWhileDownloading does (claims unread) and removes unheld.
 */
export async function removeWhileNoDownloads<T>(
  what: string,
  place: DownloadPlace,
  remove: () => Promise<T>,
  options: DownloadsHereOptions = {},
): Promise<T> {
  const held = await holdClaimsFolders(place, options.claimsTimeoutMs ?? CLAIMS_READ_TIMEOUT_MS);
  if (held === undefined) {
    // Claims unread (not waited for twice): every recent temp file counts.
    const error = downloadsInUseError(what, await judge(place, undefined, options), options.now);
    if (error) throw error;
    return remove();
  }
  try {
    const owners: RunOwner[] = [];
    for (const { folder } of held)
      owners.push(...(await otherRuns(folder, '')).filter(writesHere).map((run) => run.owner));
    const error = downloadsInUseError(what, await judge(place, owners, options), options.now);
    if (error) throw error;
    return await remove();
  } finally {
    for (const { mutex } of held) mutex.release();
  }
}

/** Throws IN_USE while a download owns files in `place` (the rule above). */
export async function refuseWhileDownloading(
  what: string,
  place: DownloadPlace,
  options: DownloadsHereOptions = {},
): Promise<void> {
  const error = downloadsInUseError(what, await downloadsHere(place, options), options.now);
  if (error) throw error;
}
