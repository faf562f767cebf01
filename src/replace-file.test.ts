import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_ATTEMPT_SOURCE } from './hub/hex-ids.js';
import { randomTempSuffix, replaceFile, replaceFileSync, tempSiblingPath } from './replace-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-replace-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('replaceFile', () => {
  it('replaces the content whole and leaves no temp file', async () => {
    const path = join(dir, 'ref');
    await writeFile(path, 'old');
    await replaceFile(path, 'new content');
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['ref']);
  });

  it('lets concurrent writers of one file each use their own temp file', async () => {
    const path = join(dir, 'marker.json');
    const contents = Array.from({ length: 20 }, (_, index) => `writer ${index}`);
    await Promise.all(contents.map((content) => replaceFile(path, content)));
    expect(contents).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['marker.json']);
  });

  it('removes its temp file and throws when the rename fails', async () => {
    // A non-empty folder in the way: the rename over it fails.
    const path = join(dir, 'busy');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    await expect(replaceFile(path, 'data')).rejects.toMatchObject({ code: expect.any(String) });
    expect(await readdir(dir)).toEqual(['busy']);
  });

  it('names temp files <path>.<8 hex>.tmp, the random part in the shape the cache layout recognises', () => {
    expect(randomTempSuffix()).toMatch(new RegExp(`^${TEMP_ATTEMPT_SOURCE}$`));
    expect(tempSiblingPath('/x/refs/main')).toMatch(
      new RegExp(`^/x/refs/main\\.${TEMP_ATTEMPT_SOURCE}\\.tmp$`),
    );
    expect(randomTempSuffix()).not.toBe(randomTempSuffix());
  });
});

describe('replaceFileSync', () => {
  it('creates the file with exactly the mode asked for, whatever the umask', async () => {
    const path = join(dir, 'token');
    const umask = process.umask(0o277);
    try {
      replaceFileSync(path, 'secret', { mode: 0o600 });
    } finally {
      process.umask(umask);
    }
    expect(await readFile(path, 'utf8')).toBe('secret');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['token']);
  });

  it('removes its temp file and throws when the rename fails', async () => {
    const path = join(dir, 'busy');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'x');
    expect(() => replaceFileSync(path, 'secret', { mode: 0o600 })).toThrow();
    expect(await readdir(dir)).toEqual(['busy']);
  });
});
