import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobPath, type CacheRepoLayout, cacheRepoLayout, snapshotFilePath } from './cache-layout.js';
import { CACHEDIR_TAG_CONTENT } from './cachedir-tag.js';
import { commitCacheFile, linkSnapshotFile } from './commit-cache-file.js';
import { cacheFilePresence } from './file-presence.js';
import { chooseTempFile } from './temp-files.js';
import { readRef, writeRef } from './write-ref.js';

const BLOB = 'f'.repeat(64);
const COMMIT = '1'.repeat(40);
let cacheDir: string;
let layout: CacheRepoLayout;

beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'hubget-commit-'));
  layout = cacheRepoLayout(cacheDir, { repoId: 'org/m', repoType: 'model' });
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

async function makeTemp(content: string): Promise<{ tempPath: string; resumeMapPath: string }> {
  const temp = await chooseTempFile(join(layout.repoDir, 'blobs', BLOB));
  await mkdir(dirname(temp.tempPath), { recursive: true });
  await writeFile(temp.tempPath, content);
  await writeFile(temp.resumeMapPath, 'map');
  return temp;
}

describe('commitCacheFile', () => {
  it('moves the temp to blobs/, links relatively, creates refs/ and CACHEDIR.TAG', async () => {
    const temp = await makeTemp('hello');
    expect(await cacheFilePresence(layout, COMMIT, 'sub/x.bin', BLOB, 5)).toBe('missing');
    const result = await commitCacheFile({
      layout,
      commit: COMMIT,
      path: 'sub/x.bin',
      blobId: BLOB,
      size: 5,
      ...temp,
    });
    expect(result.keptExistingBlob).toBe(false);
    expect(await readFile(blobPath(layout, BLOB), 'utf8')).toBe('hello');
    expect(await readlink(result.snapshotPath)).toBe(`../../../blobs/${BLOB}`);
    expect(await readFile(result.snapshotPath, 'utf8')).toBe('hello');
    expect(await readdir(join(layout.repoDir, 'blobs'))).toEqual([BLOB]);
    expect((await stat(join(layout.repoDir, 'refs'))).isDirectory()).toBe(true);
    expect(await readFile(join(cacheDir, 'CACHEDIR.TAG'), 'utf8')).toBe(CACHEDIR_TAG_CONTENT);
    expect(await readdir(cacheDir)).toEqual(['CACHEDIR.TAG', 'models--org--m'].sort());
    expect(await cacheFilePresence(layout, COMMIT, 'sub/x.bin', BLOB, 5)).toBe('linked');
    expect(await cacheFilePresence(layout, COMMIT, 'sub/x.bin', BLOB, 6)).toBe('missing');
  });

  it('keeps a blob that appeared meanwhile and drops the temp file', async () => {
    const temp = await makeTemp('hello');
    await writeFile(blobPath(layout, BLOB), 'HELLO');
    const result = await commitCacheFile({
      layout,
      commit: COMMIT,
      path: 'x',
      blobId: BLOB,
      size: 5,
      ...temp,
    });
    expect(result.keptExistingBlob).toBe(true);
    expect(await readFile(blobPath(layout, BLOB), 'utf8')).toBe('HELLO');
    expect(await readdir(join(layout.repoDir, 'blobs'))).toEqual([BLOB]);
  });

  it('replaces a wrong-size blob with ours', async () => {
    const temp = await makeTemp('hello');
    await writeFile(blobPath(layout, BLOB), 'hel');
    const result = await commitCacheFile({
      layout,
      commit: COMMIT,
      path: 'x',
      blobId: BLOB,
      size: 5,
      ...temp,
    });
    expect(result.keptExistingBlob).toBe(false);
    expect(await readFile(blobPath(layout, BLOB), 'utf8')).toBe('hello');
  });

  it('links an existing blob for a second commit (blob-only → linked)', async () => {
    const temp = await makeTemp('hello');
    await commitCacheFile({ layout, commit: COMMIT, path: 'x', blobId: BLOB, size: 5, ...temp });
    const other = '2'.repeat(40);
    expect(await cacheFilePresence(layout, other, 'x', BLOB, 5)).toBe('blob-only');
    await commitCacheFile({ layout, commit: other, path: 'x', blobId: BLOB, size: 5 });
    expect(await cacheFilePresence(layout, other, 'x', BLOB, 5)).toBe('linked');
  });
});

describe('linkSnapshotFile', () => {
  it('replaces dangling and wrong links, keeps a correct one', async () => {
    await mkdir(join(layout.repoDir, 'blobs'), { recursive: true });
    await writeFile(blobPath(layout, BLOB), 'x');
    const link = snapshotFilePath(layout, COMMIT, 'a.txt');
    await mkdir(dirname(link), { recursive: true });
    await symlink('../../blobs/nothing', link);
    await linkSnapshotFile(layout, COMMIT, 'a.txt', BLOB);
    expect(await readlink(link)).toBe(`../../blobs/${BLOB}`);
    await linkSnapshotFile(layout, COMMIT, 'a.txt', BLOB);
    expect(await readlink(link)).toBe(`../../blobs/${BLOB}`);
    // An absolute link to the same blob (another tool) is accepted as is.
    await rm(link);
    await symlink(blobPath(layout, BLOB), link);
    await linkSnapshotFile(layout, COMMIT, 'a.txt', BLOB);
    expect(await readlink(link)).toBe(blobPath(layout, BLOB));
  });
  it('tolerates concurrent writers of the same link', async () => {
    await mkdir(join(layout.repoDir, 'blobs'), { recursive: true });
    await writeFile(blobPath(layout, BLOB), 'x');
    await Promise.all(Array.from({ length: 8 }, () => linkSnapshotFile(layout, COMMIT, 'd/a.txt', BLOB)));
    expect(await readlink(snapshotFilePath(layout, COMMIT, 'd/a.txt'))).toBe(`../../../blobs/${BLOB}`);
  });
});

describe('writeRef', () => {
  it('writes the commit without newline, nested, only for non-commit revisions', async () => {
    expect(await writeRef(layout, 'main', COMMIT)).toBe(true);
    expect(await readFile(join(layout.repoDir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    expect(await writeRef(layout, 'main', COMMIT)).toBe(false);
    expect(await writeRef(layout, 'refs/pr/1', COMMIT)).toBe(true);
    expect(await readFile(join(layout.repoDir, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(COMMIT);
    expect(await writeRef(layout, COMMIT, COMMIT)).toBe(false);
    expect(await writeRef(layout, COMMIT.slice(0, 7), COMMIT)).toBe(true);
    const other = '3'.repeat(40);
    expect(await writeRef(layout, 'main', other)).toBe(true);
    expect(await readRef(layout, 'main')).toBe(other);
    expect((await readdir(join(layout.repoDir, 'refs'))).sort()).toEqual(['1111111', 'main', 'refs']);
  });
  it('creates refs/ even for a full commit', async () => {
    await writeRef(layout, COMMIT, COMMIT);
    expect(await readdir(join(layout.repoDir, 'refs'))).toEqual([]);
  });
});

describe('chooseTempFile', () => {
  it('reuses a temp file that has a sidecar, ignores one without', async () => {
    const prefix = join(layout.repoDir, 'blobs', BLOB);
    await mkdir(dirname(prefix), { recursive: true });
    await writeFile(`${prefix}.aaaaaaaa.incomplete`, 'foreign');
    await writeFile(`${prefix}.incomplete`, 'legacy');
    const fresh = await chooseTempFile(prefix);
    expect(fresh.resumed).toBe(false);
    expect(fresh.tempPath).toMatch(/\.[0-9a-f]{8}\.incomplete$/);
    await writeFile(`${prefix}.bbbbbbbb.incomplete`, 'ours');
    await writeFile(`${prefix}.bbbbbbbb.incomplete.hubget-ranges`, 'map');
    const resumed = await chooseTempFile(prefix);
    expect(resumed).toEqual({
      tempPath: `${prefix}.bbbbbbbb.incomplete`,
      resumeMapPath: `${prefix}.bbbbbbbb.incomplete.hubget-ranges`,
      resumed: true,
    });
  });
});
