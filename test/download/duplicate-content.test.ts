/**
 * Paths with identical content share one blob id (empty files, copied weights): hubget fetches the
 * content once and links (cache) or copies (local dir) it to the other paths.
 */
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { eventsOfType, listTree, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/dupes', repoType: 'model' as const };
const WEIGHTS = Buffer.alloc(30_000, 7);
let hub: TestHub;
let repo: TestRepo;
const temp = tempDirs('dupes');

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'a/__init__.py', content: '' },
      { path: 'b/__init__.py', content: '' },
      { path: 'w1.bin', content: WEIGHTS },
      { path: 'copy/w2.bin', content: WEIGHTS },
    ],
    revisions: [
      {
        name: 'v2',
        files: [
          { path: 'w1.bin', content: WEIGHTS },
          { path: 'new.txt', content: 'x' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

const tempDir = temp.make;

describe('identical content under several paths', () => {
  it('cache mode: one blob per content, every path linked, fetched once', async () => {
    const cacheDir = await tempDir();
    const events: TransferEvent[] = [];
    const served = hub.bytesServed();
    const result = await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions(events));
    const sha = repo.files.find((file) => file.path === 'w1.bin')!.sha256;
    expect(hub.bytesServed() - served).toBe(30_000);
    expect(result.downloadedBytes).toBe(30_000);
    const blobs = (await listTree(join(cacheDir, 'models--org--dupes', 'blobs'))).sort();
    expect(blobs).toEqual([sha, 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'].sort());
    expect(await readlink(join(result.resultPath, 'copy/w2.bin'))).toBe(`../../../blobs/${sha}`);
    expect((await readFile(join(result.resultPath, 'copy/w2.bin'))).equals(WEIGHTS)).toBe(true);
    expect(await readFile(join(result.resultPath, 'b/__init__.py'), 'utf8')).toBe('');
    expect(eventsOfType(events, 'file-done')).toHaveLength(4);
    expect(eventsOfType(events, 'progress').at(-1)).toEqual(
      expect.objectContaining({ downloaded: 60_000, total: 60_000, filesDone: 4 }),
    );
  });

  it('local-dir mode: real copies with their own metadata', async () => {
    const localDir = await tempDir();
    const served = hub.bytesServed();
    await downloadModel(requestFor(hub, REPO, { localDir }), testOptions());
    expect(hub.bytesServed() - served).toBe(30_000);
    expect((await readFile(join(localDir, 'copy/w2.bin'))).equals(WEIGHTS)).toBe(true);
    expect((await readFile(join(localDir, 'w1.bin'))).equals(WEIGHTS)).toBe(true);
    const metadata = await readFile(
      join(localDir, '.cache/huggingface/download/copy/w2.bin.metadata'),
      'utf8',
    );
    expect(metadata.split('\n')[1]).toBe(repo.files.find((file) => file.path === 'w1.bin')!.sha256);
    expect(
      (await listTree(join(localDir, '.cache/huggingface/download'))).filter((p) => p.includes('incomplete')),
    ).toEqual([]);
  });

  it('two concurrent downloads needing the same blob fetch it once', async () => {
    const cacheDir = await tempDir();
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000 } });
    const served = hub.bytesServed();
    try {
      const [main, v2] = await Promise.all([
        downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions()),
        downloadModel(requestFor(hub, REPO, { cacheDir, revision: 'v2' }), testOptions()),
      ]);
      expect(hub.bytesServed() - served).toBe(30_001);
      expect(main.downloadedBytes + v2.downloadedBytes).toBe(30_001);
      expect((await readFile(join(v2.resultPath, 'w1.bin'))).equals(WEIGHTS)).toBe(true);
      expect((await readFile(join(main.resultPath, 'w1.bin'))).equals(WEIGHTS)).toBe(true);
    } finally {
      hub.resetFaults();
    }
  });
});
