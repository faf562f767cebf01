import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileMatches, hashFile } from './hash-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashFile', () => {
  it('computes git blob sha1 like `git hash-object`', async () => {
    const path = join(dir, 'empty');
    await writeFile(path, '');
    expect(await hashFile(path, 'git-sha1')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    await writeFile(path, 'hello\n');
    expect(await hashFile(path, 'git-sha1')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('computes sha256 across read-buffer boundaries', async () => {
    const content = randomBytes(4 * 1024 * 1024 + 17);
    const path = join(dir, 'big');
    await writeFile(path, content);
    const expected = createHash('sha256').update(content).digest('hex');
    expect(await hashFile(path, 'sha256')).toBe(expected);
    expect(
      await fileMatches(path, { size: content.length, algorithm: 'sha256', hex: expected.toUpperCase() }),
    ).toBe(true);
    expect(await fileMatches(path, { size: content.length + 1, algorithm: 'sha256', hex: expected })).toBe(
      false,
    );
  });
});
