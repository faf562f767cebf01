import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileLock, tryLockExistingFile, tryLockFile } from './file-lock.js';

let dir: string;
const held: FileLock[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hubget-file-lock-'));
});

afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  rmSync(dir, { recursive: true, force: true });
});

function take(path: string): FileLock {
  const lock = tryLockFile(path);
  if (lock === 'busy') throw new Error(`${path} is busy`);
  held.push(lock);
  return lock;
}

describe('tryLockFile', () => {
  it('refuses a second holder in this process, until the first releases; the file stays empty and alone', () => {
    const path = join(dir, 'a.lock');
    const first = take(path);
    expect(tryLockFile(path)).toBe('busy');
    expect(tryLockExistingFile(path)).toBe('busy');
    expect(readdirSync(dir)).toEqual(['a.lock']);
    first.release();
    first.release();
    take(path);
  });

  it('creates nothing for an existing-file lock of a missing file', () => {
    expect(tryLockExistingFile(join(dir, 'gone.lock'))).toBe('missing');
    expect(existsSync(join(dir, 'gone.lock'))).toBe(false);
  });

  it('is dropped by the operating system when its holder is killed with SIGKILL', async () => {
    const path = join(dir, 'held.lock');
    // Another process takes the lock and keeps it until it is killed.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { tryLockFile } = await import(${JSON.stringify(join(import.meta.dirname, 'file-lock.ts'))});
         const lock = tryLockFile(${JSON.stringify(path)});
         console.log(typeof lock === 'object' ? 'locked' : lock);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const said = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').once('data', (text: string) => resolve(text.trim()));
        child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
      });
      expect(said).toBe('locked');
      expect(tryLockFile(path)).toBe('busy');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      take(path);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
