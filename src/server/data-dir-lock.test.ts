import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import {
  acquireDataDirLock,
  DATA_DIR_LOCK_FILE_NAME,
  DATA_DIR_OWNER_FILE_NAME,
  type DataDirLock,
} from './data-dir-lock.js';

let dir: string;
const locks: DataDirLock[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hubget-lock-'));
});

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  rmSync(dir, { recursive: true, force: true });
});

function acquire(): DataDirLock {
  const lock = acquireDataDirLock(dir, () => new Date('2026-01-02T03:04:05.000Z'));
  locks.push(lock);
  return lock;
}

function refusal(): HubgetError {
  try {
    acquire();
  } catch (error) {
    return error as HubgetError;
  }
  throw new Error('a second lock was granted');
}

describe('data dir lock', () => {
  it('refuses a second holder at once, naming the first; lets the next one in after release', () => {
    const first = acquire();
    first.setUrl('http://127.0.0.1:3961');
    expect(JSON.parse(readFileSync(join(dir, DATA_DIR_OWNER_FILE_NAME), 'utf8'))).toMatchObject({
      pid: process.pid,
      url: 'http://127.0.0.1:3961',
      startedAt: '2026-01-02T03:04:05.000Z',
    });

    const error = refusal();
    expect(error).toBeInstanceOf(HubgetError);
    expect(error.code).toBe('IN_USE');
    expect(error.message).toMatch(
      new RegExp(
        `^The data dir ${dir} is in use: another hubget server \\(pid ${process.pid} on .+, http://127\\.0\\.0\\.1:3961, since 2026-01-02T03:04:05\\.000Z\\) is using it\\. Stop that server, or start this one with another --data-dir$`,
      ),
    );

    first.release();
    first.release();
    expect(existsSync(join(dir, DATA_DIR_OWNER_FILE_NAME))).toBe(false);
    // The lock file stays (deleting it could let two processes lock two different files).
    expect(existsSync(join(dir, DATA_DIR_LOCK_FILE_NAME))).toBe(true);
    acquire();
  });

  it('says "another process" when the holder has not said who it is', () => {
    acquire();
    writeFileSync(join(dir, DATA_DIR_OWNER_FILE_NAME), 'not json');
    expect(refusal().message).toBe(
      `The data dir ${dir} is in use: another process holds ${join(dir, DATA_DIR_LOCK_FILE_NAME)}. ` +
        'Stop that server, or start this one with another --data-dir',
    );
  });

  it('is not blocked by the owner file of a server that is gone', () => {
    writeFileSync(
      join(dir, DATA_DIR_OWNER_FILE_NAME),
      JSON.stringify({ pid: 1, hostname: 'old', startedAt: '2020-01-01T00:00:00.000Z', url: null }),
    );
    acquire();
    expect(JSON.parse(readFileSync(join(dir, DATA_DIR_OWNER_FILE_NAME), 'utf8')).pid).toBe(process.pid);
  });
});
