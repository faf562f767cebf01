/**
 * An exclusive lock on a file that the operating system holds for this process and drops when the process
 * ends, however it ends (`kill -9` included): no pid is ever guessed alive or dead (a pid can be reused,
 * e.g. pid 1 in a container), and a crashed holder never blocks anyone.
 *
 * Node has no `flock` in core. The lock is SQLite's write lock (`BEGIN IMMEDIATE`: POSIX `fcntl` on Unix,
 * `LockFileEx` on Windows) through better-sqlite3, which hubget already uses for its store, held by an open
 * transaction that never writes (the file stays empty; the journal is kept in memory). SQLite also keeps two
 * connections of one process apart, so a second holder in the same process is refused like another process.
 * These are not `flock` locks: on Linux they do not see huggingface_hub's `filelock` (docs/cache-layout.md).
 *
 * A lock file is never deleted while someone may still want it: a process that opened it before the delete
 * would then lock a file nobody else sees. Only a path no one will ask for again may go, by whoever keeps
 * everyone else from looking at it meanwhile (a download run's liveness lock, under its folder's mutex:
 * src/transfer/claim-records.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';

let loaded: typeof BetterSqlite3 | undefined;

/**
 * better-sqlite3, loaded at the first lock (or by preloadFileLocking): a native addon that a command taking no
 * lock (`--version`, `ls`, a dry run, an offline download) never loads. A run-time require, so the CLI bundle
 * keeps it out and finds it in node_modules (scripts/bundle-cli.ts).
 */
function sqlite(): typeof BetterSqlite3 {
  loaded ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return loaded;
}

/**
 * Loads better-sqlite3 and its native addon now, for a lock that will follow: a download calls it while its
 * listing request is on the network, where loading them (≈ 11 ms of a synchronous `dlopen` and the module, in a
 * CPU profile of the 300-small-files case) costs no time the run waits for; at the first lock it came after the
 * listing, before the first file's request. A failure is left for the lock to report.
 */
export function preloadFileLocking(): void {
  try {
    // better-sqlite3 loads its native addon at the first Database, not with its module: an in-memory one.
    new (sqlite())(':memory:').close();
  } catch {
    // The lock reports it (attemptLock).
  }
}

export interface FileLock {
  readonly path: string;
  /** Drops the lock. Idempotent. */
  release(): void;
}

/** Takes the lock on `path` (created empty when missing) without waiting; `busy`: another holder has it. */
export function tryLockFile(path: string): FileLock | 'busy' {
  return attemptLock(path, true) as FileLock | 'busy';
}

/** As tryLockFile, for a file that must exist already: `missing` when it does not (nothing is created). */
export function tryLockExistingFile(path: string): FileLock | 'busy' | 'missing' {
  return attemptLock(path, false);
}

/** Any failure but `busy` / `missing` (no such folder, no permission, a file system without locks) is IO_ERROR. */
function attemptLock(path: string, create: boolean): FileLock | 'busy' | 'missing' {
  let Database: typeof BetterSqlite3;
  try {
    Database = sqlite();
  } catch (error) {
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Cannot load better-sqlite3 to lock ${shellWord(path)}`, (error as Error).message, true),
      {
        cause: error,
      },
    );
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { timeout: 0, fileMustExist: !create });
  } catch (error) {
    if (!create && !existsSync(path)) return 'missing';
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Cannot open ${shellWord(path)}`, (error as Error).message, true),
      {
        cause: error,
      },
    );
  }
  try {
    // Nothing is ever written: no rollback journal beside the lock file.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return 'busy';
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Cannot lock ${shellWord(path)}`, (error as Error).message, true),
      {
        cause: error,
      },
    );
  }
  return {
    path,
    release() {
      // Closing rolls the empty transaction back, which drops the lock.
      if (db.open) db.close();
    },
  };
}
