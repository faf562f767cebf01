import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLocalMetadata } from '../cache/local-dir-metadata.js';
import {
  cachedRepoTargets,
  expectedOfEtag,
  localDirTargets,
  type VerifyItem,
  verifyItems,
} from './verify-installed.js';

const REPO = { repoId: 'org/v', repoType: 'model' as const };
const COMMIT = 'a'.repeat(40);
const OTHER_COMMIT = 'b'.repeat(40);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const gitSha1 = (text: string) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest('hex');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hubget-verify-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A repo in an HF cache at `root`: each snapshot file a relative link to the blob named `blob`, holding `content`. */
async function cachedRepo(files: { commit: string; path: string; blob: string; content?: string }[]) {
  const repoDir = join(root, 'models--org--v');
  for (const file of files) {
    const blob = join(repoDir, 'blobs', file.blob);
    await mkdir(dirname(blob), { recursive: true });
    if (file.content !== undefined) await writeFile(blob, file.content);
    const link = join(repoDir, 'snapshots', file.commit, file.path);
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), blob), link);
  }
  await mkdir(join(repoDir, 'refs'), { recursive: true });
  await writeFile(join(repoDir, 'refs', 'main'), COMMIT);
}

const verdictsOf = async (items: readonly VerifyItem[]) =>
  Object.fromEntries(
    (await verifyItems(items)).map((verdict, index) => [items[index]!.names[0]!.path, verdict.kind]),
  );

describe('verifying the HF cache', () => {
  it('tells intact, corrupt, unchecked and missing files apart, each blob read once', async () => {
    await cachedRepo([
      { commit: COMMIT, path: 'model.safetensors', blob: sha256('weights'), content: 'weights' },
      { commit: COMMIT, path: 'config.json', blob: gitSha1('{"a":1}'), content: '{"a":1}' },
      // One byte changed on disk after it was stored under its hash.
      { commit: COMMIT, path: 'sub/bad.bin', blob: sha256('good bytes'), content: 'gooD bytes' },
      { commit: COMMIT, path: 'gone.bin', blob: sha256('gone') },
      // Another revision names the same weights: read once, both names told.
      { commit: OTHER_COMMIT, path: 'model.safetensors', blob: sha256('weights'), content: 'weights' },
    ]);
    const targets = await cachedRepoTargets(root, REPO);
    expect(targets.missing).toEqual([{ path: 'gone.bin', commit: COMMIT }]);
    expect(targets.warnings).toEqual([]);
    expect(targets.items).toHaveLength(3);
    const weights = targets.items.find((item) => item.names[0]!.path === 'model.safetensors')!;
    expect(weights.names.map((name) => name.commit).sort()).toEqual([COMMIT, OTHER_COMMIT]);
    let read = 0;
    const verdicts = await verifyItems(targets.items, { onBytes: (bytes) => (read += bytes) });
    expect(read).toBe('weights'.length + '{"a":1}'.length + 'gooD bytes'.length);
    expect(await verdictsOf(targets.items)).toEqual({
      'model.safetensors': 'intact',
      'config.json': 'intact',
      'sub/bad.bin': 'corrupt',
    });
    const bad = targets.items.findIndex((item) => item.names[0]!.path === 'sub/bad.bin');
    expect(verdicts[bad]).toEqual({ kind: 'corrupt', actual: sha256('gooD bytes') });
  });

  it('verifies one revision, named as rm names it, and refuses a repo or revision not in the cache', async () => {
    await cachedRepo([
      { commit: COMMIT, path: 'a.bin', blob: sha256('a'), content: 'a' },
      { commit: OTHER_COMMIT, path: 'b.bin', blob: sha256('b'), content: 'b' },
    ]);
    for (const revision of ['main', COMMIT, COMMIT.slice(0, 7)]) {
      const { items } = await cachedRepoTargets(root, REPO, revision);
      expect(items.map((item) => item.names)).toEqual([[{ path: 'a.bin', commit: COMMIT }]]);
    }
    await expect(cachedRepoTargets(root, REPO, 'c'.repeat(40))).rejects.toMatchObject({
      code: 'REVISION_NOT_FOUND',
    });
    await expect(cachedRepoTargets(root, { ...REPO, repoId: 'org/none' })).rejects.toMatchObject({
      code: 'REPO_NOT_FOUND',
    });
  });

  it('never calls a file intact whose name is no hash', async () => {
    const item: VerifyItem = {
      file: join(root, 'x'),
      size: 1,
      names: [{ path: 'x', commit: COMMIT }],
      expected: expectedOfEtag('not-a-hash'),
    };
    await writeFile(item.file, 'x');
    expect(await verifyItems([item])).toEqual([{ kind: 'unchecked' }]);
    // A file that cannot be read is said so, not intact.
    const unreadable = { ...item, file: join(root, 'none'), expected: expectedOfEtag(sha256('x')) };
    expect((await verifyItems([unreadable]))[0]).toMatchObject({ kind: 'unreadable' });
  });
});

describe('verifying a local dir', () => {
  it('checks each file against the etag its .metadata record names', async () => {
    const localDir = join(root, 'local');
    await mkdir(localDir, { recursive: true });
    await writeFile(join(localDir, 'model.safetensors'), 'weights');
    await writeLocalMetadata(localDir, 'model.safetensors', {
      commit: COMMIT,
      etag: sha256('weights'),
      timestamp: 1,
    });
    await writeFile(join(localDir, 'config.json'), '{"a":2}');
    await writeLocalMetadata(localDir, 'config.json', {
      commit: COMMIT,
      etag: gitSha1('{"a":1}'),
      timestamp: 1,
    });
    const { items } = await localDirTargets(localDir);
    expect(await verdictsOf(items)).toEqual({ 'model.safetensors': 'intact', 'config.json': 'corrupt' });
    await expect(localDirTargets(join(root, 'empty'))).rejects.toMatchObject({ code: 'ENTRY_NOT_FOUND' });
  });
});

describe('expectedOfEtag', () => {
  it('reads a sha256, a git sha1, a quoted or weak etag, and nothing else', () => {
    expect(expectedOfEtag(sha256('a'))).toEqual({ algorithm: 'sha256', hex: sha256('a') });
    expect(expectedOfEtag(`W/"${gitSha1('a').toUpperCase()}"`)).toEqual({
      algorithm: 'git-sha1',
      hex: gitSha1('a'),
    });
    expect(expectedOfEtag('abc')).toBeUndefined();
  });
});
