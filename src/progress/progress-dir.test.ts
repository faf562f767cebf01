import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { validateProgressDir } from './progress-dir.js';

function refusal(value: unknown): string {
  try {
    validateProgressDir(value);
  } catch (error) {
    expect(isHubgetError(error, 'INVALID_ARGUMENT')).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('progressDir setting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-progress-dir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes an existing folder, or a new one whose parent exists, normalised', () => {
    expect(validateProgressDir(dir)).toBe(dir);
    expect(validateProgressDir(`${dir}/./`)).toBe(dir);
    expect(validateProgressDir(join(dir, 'new'))).toBe(join(dir, 'new'));
    // Validation creates nothing: the writer makes the last folder when a job first writes.
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it.each([
    ['relative', 'progress', 'progressDir: progress is not an absolute path; enter one that starts with "/"'],
    [
      'empty',
      '',
      'progressDir is empty: enter the absolute path of a folder, such as /var/lib/hubget/progress',
    ],
    [
      'a ".." segment',
      '/tmp/models/../prog',
      `progressDir: /tmp/models/../prog has a ".." segment; enter the folder's path without it`,
    ],
    [
      'a trailing ".."',
      '/tmp/x/..',
      `progressDir: /tmp/x/.. has a ".." segment; enter the folder's path without it`,
    ],
  ])('refuses %s, saying so', (_label, value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it.each([
    ['a NUL byte', '/tmp/a\0b'],
    ['not text', 42],
  ])('refuses %s', (_label, value) => {
    expect(refusal(value)).toMatch(/absolute path without "\.\." segments/);
  });

  it('refuses a path whose parent does not exist, and creates nothing', () => {
    const deep = join(dir, 'nonexist', 'deep');
    expect(refusal(deep)).toBe(
      `progressDir: the folder ${join(dir, 'nonexist')} does not exist; hubget creates only the last folder of the path`,
    );
    expect(existsSync(join(dir, 'nonexist'))).toBe(false);
  });

  it('refuses a file', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(refusal(join(dir, 'file'))).toMatch(/exists and is not a folder/);
    expect(refusal(join(dir, 'file', 'sub'))).toMatch(/does not exist/);
  });
});
