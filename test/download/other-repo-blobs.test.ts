/**
 * A download copies a blob another repo's folder in the same HF cache holds, verified, instead of fetching it
 * (src/transfer/other-repo-blobs.ts, docs/cache-layout.md, "Reuse of another repo's blobs"): a fork downloaded
 * before, whose weights are the same content under another name. Into the cache and into a local dir; a blob of
 * the right name but the wrong size is not taken, one of the wrong content is caught by the hash and fetched; a
 * plan that copies from a local dir and from another repo's folder, and fetches the rest, names each place.
 */
import { readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheRepoLayout, snapshotDir } from '../../src/cache/cache-layout.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { addBaseAndFork, BASE, FORK } from './fork-repos.js';

const WEIGHTS_SIZE = 300_000;
const TOKENIZER_SIZE = 50_000;

let hub: TestHub;
let base: TestRepo;
const dirs = tempDirs('other-repo-blobs');

beforeAll(async () => {
  hub = await startTestHub();
  // The fork: the same weights and tokenizer (same content, so the same blob ids) under other names, its own config.
  base = await addBaseAndFork(
    hub,
    [
      { path: 'tokenizer.bin', size: TOKENIZER_SIZE },
      { path: 'weights.bin', size: WEIGHTS_SIZE },
    ],
    [
      ['tokenizer.bin', 'tok.bin'],
      ['weights.bin', 'model.bin'],
    ],
  );
});
afterAll(async () => {
  await hub?.close();
  await dirs.removeAll();
});
beforeEach(() => hub.clearRequests());

const blobIdOf = (path: string) => base.files.find((file) => file.path === path)!.sha256;

/** The fork downloaded into `cacheDir` (only `filenames` when given); the request log cleared. */
async function forkInCache(cacheDir: string, filenames?: string[]): Promise<string> {
  await downloadModel(requestFor(hub, FORK, { cacheDir, ...(filenames && { filenames }) }), testOptions([]));
  hub.clearRequests();
  return join(cacheRepoLayout(cacheDir, FORK).repoDir, 'blobs');
}

async function expectBaseContent(folder: string): Promise<void> {
  for (const file of base.files) {
    expect((await readFile(join(folder, file.path))).equals(base.contentOf(file.path)), file.path).toBe(true);
  }
}

const served = (path: string) => hub.bytesServed(`${BASE.repoId}/${path}`);

describe('a blob another repo’s folder in the HF cache holds', () => {
  it('is copied into the cache, verified, and none of it fetched', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    const events: TransferEvent[] = [];
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions(events));

    await expectBaseContent(snapshotDir(cacheRepoLayout(cacheDir, BASE), base.commit));
    expect(served('weights.bin')).toBe(0);
    expect(served('tokenizer.bin')).toBe(0);
    // The config differs from the fork's: fetched.
    expect(served('config.json')).toBe(10);
    expect(result.downloadedBytes).toBe(10);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + TOKENIZER_SIZE);
    const place = { from: 'hf-cache', repoId: FORK.repoId };
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({
      filesCopied: 2,
      copiedFrom: [place],
      bytesToFetch: 10,
    });
    expect(eventsOfType(events, 'done')[0]).toMatchObject({ copiedFrom: [place] });
  });

  it('is copied into a local dir too', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir);
    const localDir = join(await dirs.make(), 'base');
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir, localDir }), testOptions([]));

    await expectBaseContent(localDir);
    expect(served('weights.bin')).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + TOKENIZER_SIZE);
  });

  it('is not taken with the right name but the wrong size', async () => {
    const cacheDir = await dirs.make();
    const blobs = await forkInCache(cacheDir, ['model.bin']);
    await truncate(join(blobs, blobIdOf('weights.bin')), WEIGHTS_SIZE - 1);
    const events: TransferEvent[] = [];
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions(events));

    await expectBaseContent(snapshotDir(cacheRepoLayout(cacheDir, BASE), base.commit));
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ filesCopied: 0 });
    expect(served('weights.bin')).toBe(WEIGHTS_SIZE);
    expect(result.copiedBytes).toBe(0);
  });

  it('is fetched instead when its bytes are not the content its name says (the hash catches it)', async () => {
    const cacheDir = await dirs.make();
    const blobs = await forkInCache(cacheDir, ['model.bin']);
    await writeFile(join(blobs, blobIdOf('weights.bin')), Buffer.alloc(WEIGHTS_SIZE, 7));
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

    await expectBaseContent(snapshotDir(cacheRepoLayout(cacheDir, BASE), base.commit));
    expect(served('weights.bin')).toBe(WEIGHTS_SIZE);
    expect(result.copiedBytes).toBe(0);
  });

  it('is one place of a plan that also copies from a local dir and fetches the rest: each named', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir, ['model.bin']);
    // A finished local-dir download of the base repo's tokenizer under the models folder.
    const modelsDir = await dirs.make();
    const localDir = join(modelsDir, 'base');
    await downloadModel(
      requestFor(hub, BASE, { cacheDir: await dirs.make(), localDir, filenames: ['tokenizer.bin'] }),
      testOptions([]),
    );
    hub.clearRequests();
    const events: TransferEvent[] = [];
    const result = await downloadModel(requestFor(hub, BASE, { cacheDir, modelsDir }), testOptions(events));

    await expectBaseContent(snapshotDir(cacheRepoLayout(cacheDir, BASE), base.commit));
    expect(served('tokenizer.bin')).toBe(0);
    expect(served('weights.bin')).toBe(0);
    expect(served('config.json')).toBe(10);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + TOKENIZER_SIZE);
    // In the order of the files: tokenizer.bin, then weights.bin.
    const places = [
      { from: 'local-dir', dir: localDir },
      { from: 'hf-cache', repoId: FORK.repoId },
    ];
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ filesCopied: 2, copiedFrom: places });
    expect(eventsOfType(events, 'done')[0]).toMatchObject({ copiedFrom: places });
  });

  it('is looked for in repo folders only (`models--…`), not in any folder of the cache', async () => {
    const cacheDir = await dirs.make();
    await forkInCache(cacheDir, ['model.bin']);
    await rename(cacheRepoLayout(cacheDir, FORK).repoDir, join(cacheDir, 'backup'));
    await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));
    expect(served('weights.bin')).toBe(WEIGHTS_SIZE);
  });
});
