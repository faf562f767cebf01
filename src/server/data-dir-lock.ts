/**
 * One server per data dir. Two `hubget serve` on the same data dir would both recover and run the same jobs
 * (each writing the same temp files, the Hub sending every byte twice) and each know only its own new jobs.
 *
 * The lock is the operating system's (src/system/file-lock.ts) on `{dataDir}/server.lock`, held for as long as
 * the server runs: a server killed with `kill -9` never blocks the next start. The lock file itself is never
 * deleted (a process that opened it could then lock a file nobody else sees).
 *
 * Who holds it is written beside it, `{dataDir}/server.json` (pid, host, start time, URL), only by the holder,
 * for the message another server shows; it is removed when the holder stops.
 */
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { replaceFileSync } from '../replace-file.js';
import { tryLockFile } from '../system/file-lock.js';

export const DATA_DIR_LOCK_FILE_NAME = 'server.lock';
export const DATA_DIR_OWNER_FILE_NAME = 'server.json';

/** The server that holds a data dir. */
interface DataDirOwner {
  pid: number;
  hostname: string;
  /** ISO time the server took the lock. */
  startedAt: string;
  /** Where it listens; null until it does. */
  url: string | null;
}

export interface DataDirLock {
  /** Records where the server listens (shown to a second server). */
  setUrl(url: string): void;
  /** Lets the next server in. Idempotent. */
  release(): void;
}

/**
 * Takes the data dir (which must exist) for this process, or throws IN_USE naming the server that holds it.
 * Never waits: a second server is refused at once.
 */
export function acquireDataDirLock(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  const lock = tryLockFile(join(dataDir, DATA_DIR_LOCK_FILE_NAME));
  if (lock === 'busy') throw dataDirInUse(dataDir, readDataDirOwner(dataDir));
  const ownerPath = join(dataDir, DATA_DIR_OWNER_FILE_NAME);
  const owner: DataDirOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: now().toISOString(),
    url: null,
  };
  const writeOwner = (value: DataDirOwner) =>
    replaceFileSync(ownerPath, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  try {
    writeOwner(owner);
  } catch (error) {
    lock.release();
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Cannot write ${shellWord(ownerPath)}`, (error as Error).message),
      {
        cause: error,
      },
    );
  }
  let released = false;
  return {
    setUrl(url) {
      if (!released) writeOwner({ ...owner, url });
    },
    release() {
      if (released) return;
      released = true;
      // Removed while the lock is still held: only the holder ever writes or removes it.
      rmSync(ownerPath, { force: true });
      lock.release();
    },
  };
}

/** What `server.json` says, or null when it is missing or unreadable (a holder that has not written it yet). */
function readDataDirOwner(dataDir: string): DataDirOwner | null {
  try {
    const value = JSON.parse(
      readFileSync(join(dataDir, DATA_DIR_OWNER_FILE_NAME), 'utf8'),
    ) as Partial<DataDirOwner>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid,
      hostname: value.hostname,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
      url: typeof value.url === 'string' ? value.url : null,
    };
  } catch {
    return null;
  }
}

function dataDirInUse(dataDir: string, owner: DataDirOwner | null): HubgetError {
  const who =
    owner === null
      ? `another process holds ${join(dataDir, DATA_DIR_LOCK_FILE_NAME)}`
      : `another hubget server (pid ${owner.pid} on ${owner.hostname}` +
        `${owner.url ? `, ${owner.url}` : ''}${owner.startedAt ? `, since ${owner.startedAt}` : ''}) is using it`;
  return new HubgetError(
    'IN_USE',
    `The data dir ${dataDir} is in use: ${who}. Stop that server, or start this one with another --data-dir`,
    { details: { dataDir, ...(owner === null ? {} : { owner }) } },
  );
}
