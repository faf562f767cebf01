/** End to end, local-dir mode (docs/hub-disk-layout.md §3.12): real files + `.cache/huggingface/` bookkeeping. */
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import { freshTempFile } from '../../src/cache/temp-files.js';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { writeResumeMapFile } from '../../src/transfer/resume-map.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import {
  eventsOfType,
  fileRequests,
  listTree,
  makeTempDir,
  removeDir,
  requestFor,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/local', repoType: 'model' as const };
let hub: TestHub;
let repo: TestRepo;
let localDir: string;
let cacheDir: string;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model.safetensors', size: 200_000 },
      { path: 'sub/dir/w.bin', size: 40_000 },
    ],
  });
  localDir = await makeTempDir('localdir');
  cacheDir = await makeTempDir('localdir-cache');
});
afterAll(async () => {
  await hub.close();
  await removeDir(localDir);
  await removeDir(cacheDir);
});

function blobNameOf(path: string): string {
  const file = repo.files.find((candidate) => candidate.path === path)!;
  return file.lfs ? file.sha256 : file.gitSha1;
}

describe('downloadModel, local-dir mode', () => {
  it('writes real files, 3-line metadata, .gitignore and nothing in the cache', async () => {
    const before = Date.now() / 1000;
    const result = await downloadModel(requestFor(hub, REPO, { localDir, cacheDir }), testOptions());
    expect(result.resultPath).toBe(localDir);
    expect(await listTree(localDir)).toEqual(
      [
        '.cache',
        '.cache/huggingface',
        '.cache/huggingface/.gitignore',
        // The claims mutex stays; a run's own files go when it ends.
        '.cache/huggingface/.locks',
        '.cache/huggingface/.locks/hubget.lock',
        '.cache/huggingface/CACHEDIR.TAG',
        '.cache/huggingface/download',
        '.cache/huggingface/download/config.json.metadata',
        '.cache/huggingface/download/model.safetensors.metadata',
        '.cache/huggingface/download/sub',
        '.cache/huggingface/download/sub/dir',
        '.cache/huggingface/download/sub/dir/w.bin.metadata',
        // hubget's marker: which repo and commit the folder holds (finish-download.ts).
        '.cache/huggingface/hubget.json',
        // The commit's listing, where huggingface_hub keeps a local dir's (src/cache/tree-listing.ts).
        '.cache/huggingface/trees',
        `.cache/huggingface/trees/${repo.commit}.json`,
        'config.json',
        'model.safetensors',
        'sub',
        'sub/dir',
        'sub/dir/w.bin',
      ].sort(),
    );
    expect(await readFile(join(localDir, '.cache/huggingface/.gitignore'), 'utf8')).toBe('*');
    expect(JSON.parse(await readFile(join(localDir, '.cache/huggingface/hubget.json'), 'utf8'))).toEqual({
      ...REPO,
      revision: 'main',
      commit: repo.commit,
    });
    for (const file of repo.files) {
      const finalPath = join(localDir, file.path);
      expect((await stat(finalPath)).isFile()).toBe(true);
      expect((await readFile(finalPath)).equals(repo.contentOf(file.path))).toBe(true);
      const metadata = await readFile(
        join(localDir, '.cache/huggingface/download', `${file.path}.metadata`),
        'utf8',
      );
      const [commit, etag, timestamp, rest] = metadata.split('\n');
      expect(commit).toBe(repo.commit);
      expect(etag).toBe(blobNameOf(file.path));
      expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
      // Python trusts the metadata only if mtime(file) − 1 ≤ timestamp.
      expect((await stat(finalPath)).mtimeMs / 1000 - 1).toBeLessThanOrEqual(Number(timestamp));
      expect(rest).toBe('');
    }
    expect(await listTree(cacheDir)).toEqual([]);
  });

  it('a re-run fetches nothing; a modified file is fetched again', async () => {
    hub.clearRequests();
    const events: TransferEvent[] = [];
    const again = await downloadModel(requestFor(hub, REPO, { localDir }), testOptions(events));
    expect(again.downloadedBytes).toBe(0);
    expect(fileRequests(hub)).toEqual([]);
    expect(eventsOfType(events, 'file-done').every((event) => event.reused)).toBe(true);

    // Same size, newer mtime than its metadata: Python's mtime rule says "changed", so download again.
    const target = join(localDir, 'sub/dir/w.bin');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(target, Buffer.alloc(40_000));
    const { utimes } = await import('node:fs/promises');
    const future = new Date(Date.now() + 5_000);
    await utimes(target, future, future);
    const third = await downloadModel(requestFor(hub, REPO, { localDir }), testOptions());
    expect(third.downloadedBytes).toBe(40_000);
    expect((await readFile(target)).equals(repo.contentOf('sub/dir/w.bin'))).toBe(true);
  });

  it('copies what the HF cache already holds (verified) instead of fetching it', async () => {
    const cache = await makeTempDir('localdir-from-cache');
    const target = await makeTempDir('localdir-from-cache-target');
    try {
      await downloadModel(requestFor(hub, REPO, { cacheDir: cache }), testOptions());
      // A cached blob of the right size but the wrong content must not be trusted.
      const tampered = join(cache, 'models--org--local', 'blobs', blobNameOf('sub/dir/w.bin'));
      await writeFile(tampered, Buffer.alloc(40_000, 1));

      hub.clearRequests();
      const events: TransferEvent[] = [];
      const result = await downloadModel(
        requestFor(hub, REPO, { localDir: target, cacheDir: cache }),
        testOptions(events),
      );
      expect(result.downloadedBytes).toBe(40_000);
      // What came from the cache is counted apart: the plan's copies (the tampered blob's too), then the copies made.
      const totalBytes = repo.files.reduce((sum, file) => sum + file.size, 0);
      expect(eventsOfType(events, 'plan')[0]).toMatchObject({
        copiedBytes: totalBytes,
        bytesToFetch: 0,
        filesCopied: 3,
      });
      expect(result.copiedBytes).toBe(totalBytes - 40_000);
      expect(eventsOfType(events, 'done')[0]).toMatchObject({
        downloadedBytes: 40_000,
        copiedBytes: totalBytes - 40_000,
      });
      const fetchedPaths = new Set(fileRequests(hub).map((entry) => entry.path));
      expect([...fetchedPaths].some((path) => path.includes('model.safetensors'))).toBe(false);
      expect([...fetchedPaths].some((path) => path.includes('config.json'))).toBe(false);
      const done = new Map(eventsOfType(events, 'file-done').map((event) => [event.path, event.reused]));
      expect(done).toEqual(
        new Map([
          ['config.json', true],
          ['model.safetensors', true],
          ['sub/dir/w.bin', false],
        ]),
      );
      for (const file of repo.files) {
        expect((await readFile(join(target, file.path))).equals(repo.contentOf(file.path))).toBe(true);
        const metadata = await readFile(
          join(target, '.cache/huggingface/download', `${file.path}.metadata`),
          'utf8',
        );
        expect(metadata.split('\n')[1]).toBe(blobNameOf(file.path));
      }
    } finally {
      await removeDir(cache);
      await removeDir(target);
    }
  });

  it('a copy from the HF cache that replaces a partial temp file takes its resume map too', async () => {
    const cache = await makeTempDir('localdir-partial-cache');
    const target = await makeTempDir('localdir-partial-target');
    try {
      await downloadModel(requestFor(hub, REPO, { cacheDir: cache }), testOptions());
      // An interrupted local-dir download: half of model.safetensors in a temp file, with its map.
      const file = repo.files.find((candidate) => candidate.path === 'model.safetensors')!;
      const temp = freshTempFile(localTempPrefix(target, file.path, blobNameOf(file.path)));
      await mkdir(dirname(temp.tempPath), { recursive: true });
      await writeFile(temp.tempPath, repo.contentOf(file.path).subarray(0, file.size / 2));
      const identity = { size: file.size, algorithm: 'sha256' as const, hash: file.sha256, etag: null };
      await writeResumeMapFile(temp.resumeMapPath, { ...identity, ranges: [[0, file.size / 2]] });

      const result = await downloadModel(
        requestFor(hub, REPO, { localDir: target, cacheDir: cache }),
        testOptions(),
      );
      expect(result.copiedBytes).toBe(repo.files.reduce((sum, each) => sum + each.size, 0));
      expect((await readFile(join(target, file.path))).equals(repo.contentOf(file.path))).toBe(true);
      const leftovers = (await listTree(join(target, '.cache/huggingface/download'))).filter((path) =>
        path.includes('.incomplete'),
      );
      expect(leftovers).toEqual([]);
    } finally {
      await removeDir(cache);
      await removeDir(target);
    }
  });

  it('ends with IO_ERROR, not a hang, when the folder lies under a dangling symlink or /proc', async () => {
    // Node's recursive mkdir spins forever on both (src/make-directory.ts); the test's timeout would catch it.
    const parent = await makeTempDir('localdir-dangling');
    try {
      await symlink(join(parent, 'unmounted-disk'), join(parent, 'models'));
      for (const target of [join(parent, 'models', 'org-local'), '/proc/hubget-test/org-local']) {
        const events: TransferEvent[] = [];
        const error = await downloadModel(
          requestFor(hub, REPO, { localDir: target, cacheDir }),
          testOptions(events),
        ).catch((caught: unknown) => caught);
        expect(isHubgetError(error, 'IO_ERROR'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/symbolic link to a missing target|takes no new entries/);
        expect(eventsOfType(events, 'failed')).toHaveLength(1);
      }
      expect(await readdir(parent)).toEqual(['models']);
    } finally {
      await removeDir(parent);
    }
  }, 20_000);
});
