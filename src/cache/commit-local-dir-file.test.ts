import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitLocalDirFile } from './commit-local-dir-file.js';
import { localFileIsPresent } from './file-presence.js';
import { localTempPath } from './local-dir-layout.js';
import { readLocalMetadata } from './local-dir-metadata.js';

const BLOB = 'a'.repeat(40);
const COMMIT = 'b'.repeat(40);
let localDir: string;

beforeEach(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'hubget-local-'));
});
afterEach(async () => {
  await rm(localDir, { recursive: true, force: true });
});

async function commitOne(path: string, content: string): Promise<string> {
  const tempPath = localTempPath(localDir, path, BLOB, '12345678');
  await mkdir(dirname(tempPath), { recursive: true });
  await writeFile(tempPath, content);
  await writeFile(`${tempPath}.hubget-ranges`, 'map');
  return commitLocalDirFile({
    localDir,
    path,
    commit: COMMIT,
    blobId: BLOB,
    tempPath,
    resumeMapPath: `${tempPath}.hubget-ranges`,
  });
}

describe('commitLocalDirFile', () => {
  it('writes the real file, then the 3-line metadata, .gitignore and CACHEDIR.TAG', async () => {
    const before = Date.now() / 1000;
    const finalPath = await commitOne('sub/file.txt', 'hello');
    expect(finalPath).toBe(join(localDir, 'sub', 'file.txt'));
    expect(await readFile(finalPath, 'utf8')).toBe('hello');
    const metadata = await readFile(
      join(localDir, '.cache/huggingface/download/sub/file.txt.metadata'),
      'utf8',
    );
    const lines = metadata.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(COMMIT);
    expect(lines[1]).toBe(BLOB);
    expect(Number(lines[2])).toBeGreaterThanOrEqual(before);
    expect(lines[3]).toBe('');
    expect(await readFile(join(localDir, '.cache/huggingface/.gitignore'), 'utf8')).toBe('*');
    expect(await readFile(join(localDir, '.cache/huggingface/CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: /);
    expect(await localFileIsPresent(localDir, 'sub/file.txt', BLOB, 5)).toBe(true);
    expect(await localFileIsPresent(localDir, 'sub/file.txt', BLOB, 6)).toBe(false);
    expect(await localFileIsPresent(localDir, 'sub/file.txt', 'c'.repeat(40), 5)).toBe(false);
  });

  it('distrusts metadata older than the file (mtime rule) and deletes corrupt metadata', async () => {
    const finalPath = await commitOne('f.bin', 'abc');
    const future = new Date(Date.now() + 60_000);
    await utimes(finalPath, future, future);
    expect(await readLocalMetadata(localDir, 'f.bin')).toBeUndefined();
    expect(await localFileIsPresent(localDir, 'f.bin', BLOB, 3)).toBe(false);
    const metadataPath = join(localDir, '.cache/huggingface/download/f.bin.metadata');
    await writeFile(metadataPath, 'garbage');
    expect(await readLocalMetadata(localDir, 'f.bin')).toBeUndefined();
    await expect(readFile(metadataPath)).rejects.toThrow();
  });
});
