/**
 * A fork's weights are hard-linked, not copied (src/transfer/link-other-repo-blob.ts, docs/cache-layout.md, "Reuse of
 * another repo's blobs"): into the HF cache, an LFS blob another repo's folder holds becomes this repo's blob by a
 * link once it is hashed where it lies; a regular file (git-sha1) and a local dir's files are still copies; a blob
 * that does not hold its content is fetched and the other repo's left as it was; `hubget rm`'s plan counts a linked
 * blob as freeing nothing while the other name stays, and the model list says how much of each repo is shared.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blobPath, cacheRepoLayout, snapshotDir } from '../../src/cache/cache-layout.js';
import { planDeletion } from '../../src/cache/delete-cache.js';
import { scanHubCache } from '../../src/cache/scan-cache.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { addWeightsAndFork, BASE, BASE_CONFIG, FORK, GENERATION, WEIGHTS_SIZE } from './fork-repos.js';

let hub: TestHub;
let base: TestRepo;
const dirs = tempDirs('other-repo-blob-links');

beforeAll(async () => {
  hub = await startTestHub();
  // The fork: the same weights (LFS) and generation config (a regular file) under other names, its own config.
  base = await addWeightsAndFork(hub);
});
afterAll(async () => {
  await hub?.close();
  await dirs.removeAll();
});
beforeEach(() => hub.clearRequests());

const fileOf = (path: string) => base.files.find((file) => file.path === path)!;
const served = (path: string) => hub.bytesServed(`${BASE.repoId}/${path}`);

/** The blob of `path` of the base repo in `repo`'s folder of `cacheDir`. */
const blobIn = (cacheDir: string, repo: typeof BASE, path: string) => {
  const file = fileOf(path);
  return blobPath(cacheRepoLayout(cacheDir, repo), file.lfs ? file.sha256 : file.gitSha1);
};

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a), stat(b)]);
  return x.dev === y.dev && x.ino === y.ino;
}

async function forkInCache(cacheDir: string): Promise<void> {
  await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
  hub.clearRequests();
}

describe('an LFS blob another repo’s folder holds', () => {
  it('becomes this repo’s blob by a hard link, verified; a regular file is still copied', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

    const weights = blobIn(cacheDir, BASE, 'weights.bin');
    expect(await sameFile(weights, blobIn(cacheDir, FORK, 'weights.bin'))).toBe(true);
    expect((await stat(weights)).nlink).toBe(2);
    const snapshot = snapshotDir(cacheRepoLayout(cacheDir, BASE), base.commit);
    expect((await readFile(join(snapshot, 'weights.bin'))).equals(base.contentOf('weights.bin'))).toBe(true);
    expect(served('weights.bin')).toBe(0);
    // The generation config (git-sha1 blob) is a copy of its own, the config fetched.
    const generation = blobIn(cacheDir, BASE, 'generation_config.json');
    expect(await sameFile(generation, blobIn(cacheDir, FORK, 'generation_config.json'))).toBe(false);
    expect(await readFile(join(snapshot, 'generation_config.json'), 'utf8')).toBe(GENERATION);
    expect(served('generation_config.json')).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + GENERATION.length);
  });

  it('is copied into a local dir (a local dir’s files are the user’s to edit)', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    const localDir = join(await dirs.make(), 'base');
    await downloadModel(requestFor(hub, BASE, { cacheDir, localDir }), testOptions([]));

    expect(await sameFile(join(localDir, 'weights.bin'), blobIn(cacheDir, FORK, 'weights.bin'))).toBe(false);
    expect(served('weights.bin')).toBe(0);
  });

  it('is fetched when it does not hold its content, and the other repo’s blob is left as it was', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    const forkBlob = blobIn(cacheDir, FORK, 'weights.bin');
    const damaged = Buffer.alloc(WEIGHTS_SIZE, 7);
    await writeFile(forkBlob, damaged);
    await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

    const weights = blobIn(cacheDir, BASE, 'weights.bin');
    expect(await sameFile(weights, forkBlob)).toBe(false);
    expect((await readFile(weights)).equals(base.contentOf('weights.bin'))).toBe(true);
    expect((await readFile(forkBlob)).equals(damaged)).toBe(true);
    expect(served('weights.bin')).toBe(WEIGHTS_SIZE);
  });

  it('frees nothing when one of the two repos is deleted: the plan says so, and the other keeps it', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

    const plan = await planDeletion(cacheDir, BASE);
    expect(plan.sharedBytes).toBe(WEIGHTS_SIZE);
    // Its config and its copy of the generation config are its own.
    expect(plan.freedBytes).toBe(BASE_CONFIG.length + GENERATION.length);
    // The model list says it too (the web UI's Delete counts what it frees from it), for both repos.
    const listed = await scanHubCache(cacheDir);
    for (const repo of [BASE, FORK]) {
      expect(listed.find((model) => model.repoId === repo.repoId)).toMatchObject({
        sharedBytes: WEIGHTS_SIZE,
      });
    }
  });
});
