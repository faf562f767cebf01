/**
 * End to end, cache mode: hubget's cache must be byte-for-byte what huggingface_hub writes, and readable
 * by @huggingface/hub's scanner (docs/hub-disk-layout.md §3.2–§3.11,
 * docs/hub-downloaders.md §6.1–§6.3).
 */
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { scanCacheDir, scanCachedRepo } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadVerifying } from '../../src/progress/verifying.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { planDownload } from '../../src/transfer/plan-download.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import {
  eventsOfType,
  fileRequests,
  listTree,
  requestFor,
  tempDirs,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/model', repoType: 'model' as const };
const FILES = [
  { path: 'config.json', content: '{"hidden_size": 8}\n' },
  { path: 'model.safetensors', size: 300_000 },
  { path: 'empty.txt', content: '' },
  { path: 'nested/tokenizer.json', content: '{"t": true}' },
  { path: 'nested/deeper/w.bin', size: 50_000 },
];

let hub: TestHub;
let repo: TestRepo;
let prCommit: string;
const temp = tempDirs('cache');
const tempDir = temp.make;

function blobNameOf(path: string): string {
  const file = repo.files.find((candidate) => candidate.path === path)!;
  return file.lfs ? file.sha256 : file.gitSha1;
}

beforeAll(async () => {
  hub = await startTestHub({ treePageSize: 2 });
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: FILES,
    revisions: [
      'v1.0',
      {
        name: 'refs/pr/1',
        files: [{ path: 'config.json', content: '{"hidden_size": 16}\n' }, FILES[1]!],
      },
    ],
  });
  prCommit = repo.refs['refs/pr/1']!;
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

describe('downloadModel, cache mode', () => {
  let cacheDir: string;
  const events: TransferEvent[] = [];

  it('writes the huggingface_hub layout byte for byte', async () => {
    cacheDir = await tempDir();
    const result = await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions(events));
    const repoDir = join(cacheDir, 'models--org--model');
    const snapshot = join(repoDir, 'snapshots', repo.commit);
    expect(result.resultPath).toBe(snapshot);
    expect(result.plan.commit).toBe(repo.commit);
    expect(result.downloadedBytes).toBe(350_000 + 19 + 11);

    const blobNames = [...new Set(FILES.map((file) => blobNameOf(file.path)))].sort();
    expect(await listTree(cacheDir)).toEqual(
      [
        // The claims mutex stays, like huggingface_hub's lock files; a run's own files go when it ends.
        '.locks',
        '.locks/models--org--model',
        '.locks/models--org--model/hubget.lock',
        'CACHEDIR.TAG',
        'models--org--model',
        'models--org--model/blobs',
        ...blobNames.map((name) => `models--org--model/blobs/${name}`),
        'models--org--model/refs',
        'models--org--model/refs/main',
        'models--org--model/snapshots',
        `models--org--model/snapshots/${repo.commit}`,
        ...[
          'config.json',
          'empty.txt',
          'model.safetensors',
          'nested',
          'nested/deeper',
          'nested/deeper/w.bin',
          'nested/tokenizer.json',
        ].map((path) => `models--org--model/snapshots/${repo.commit}/${path}`),
        // The commit's whole listing, as huggingface_hub 1.22+ keeps it (src/cache/tree-listing.ts).
        'models--org--model/trees',
        `models--org--model/trees/${repo.commit}.json`,
      ].sort(),
    );
    const listed = JSON.parse(await readFile(join(repoDir, 'trees', `${repo.commit}.json`), 'utf8'));
    expect(Object.keys(listed.files)).toEqual(FILES.map((file) => file.path).sort());
    expect(listed.files['model.safetensors']).toEqual({
      size: repo.contentOf('model.safetensors').length,
      // The git sha1 of its LFS pointer, as the tree lists it.
      blob_id: expect.stringMatching(/^[0-9a-f]{40}$/),
      lfs_sha256: blobNameOf('model.safetensors'),
      lfs_size: repo.contentOf('model.safetensors').length,
    });
    // Blob names: sha256 for LFS files, git sha1 for regular ones (docs/hub-disk-layout.md §3.3).
    expect(blobNameOf('model.safetensors')).toMatch(/^[0-9a-f]{64}$/);
    expect(blobNameOf('config.json')).toMatch(/^[0-9a-f]{40}$/);
    expect(blobNameOf('empty.txt')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    for (const file of FILES) {
      const depth = file.path.split('/').length - 1;
      const linkPath = join(snapshot, file.path);
      expect(await readlink(linkPath)).toBe(`${'../'.repeat(depth + 2)}blobs/${blobNameOf(file.path)}`);
      expect((await readFile(linkPath)).equals(repo.contentOf(file.path))).toBe(true);
    }
    // refs/main: the bare commit, no newline (docs/hub-disk-layout.md §3.5).
    expect(await readFile(join(repoDir, 'refs', 'main'), 'utf8')).toBe(repo.commit);
  });

  it('is read back by @huggingface/hub scanCacheDir / scanCachedRepo without warnings', async () => {
    const info = await scanCacheDir(cacheDir);
    expect(info.warnings).toEqual([]);
    expect(info.repos).toHaveLength(1);
    const cached = await scanCachedRepo(join(cacheDir, 'models--org--model'));
    expect(cached.id).toEqual({ name: 'org/model', type: 'model' });
    // The JS scanner reads snapshot folders non-recursively (docs/hub-disk-layout.md §3.11): top-level files only.
    expect(cached.filesCount).toBe(3);
    expect(cached.revisions).toHaveLength(1);
    expect(cached.revisions[0]!.commitOid).toBe(repo.commit);
    expect(cached.revisions[0]!.refs).toEqual(['main']);
    // The JS scanner lists top-level snapshot files only.
    expect(cached.revisions[0]!.files.map((file) => file.path.split('/').pop()).sort()).toEqual([
      'config.json',
      'empty.txt',
      'model.safetensors',
    ]);
  });

  it('reports every byte on disk at once, before the last file is verified (the faces say "verifying")', async () => {
    const single: TransferEvent[] = [];
    // Periodic progress once a second only: the 300 kB file is fetched well within it.
    await downloadModel(
      requestFor(hub, REPO, { cacheDir: await tempDir(), filenames: ['model.safetensors'] }),
      { ...testOptions(single), progressIntervalMs: 1000 },
    );
    const allOnDisk = single.findIndex(
      (event) => event.type === 'progress' && event.downloaded === 300_000 && event.filesDone === 0,
    );
    expect(allOnDisk).toBeGreaterThan(0);
    const verified = single.findIndex((event) => event.type === 'file-verified');
    expect(allOnDisk).toBeLessThan(verified);
    const progress = single[allOnDisk] as Extract<TransferEvent, { type: 'progress' }>;
    expect(downloadVerifying(progress)).toBe(true);
  });

  it('emitted exact totals first, then progress, file events and done', () => {
    const [plan] = eventsOfType(events, 'plan');
    expect(events[0]).toBe(plan);
    expect(plan!.totalBytes).toBe(350_030);
    expect(plan!.presentBytes).toBe(0);
    expect(plan!.filesTotal).toBe(5);
    const progress = eventsOfType(events, 'progress');
    expect(events[1]).toEqual(expect.objectContaining({ type: 'progress', downloaded: 0, total: 350_030 }));
    expect(progress.at(-1)).toEqual(
      expect.objectContaining({ downloaded: 350_030, total: 350_030, filesDone: 5, filesTotal: 5 }),
    );
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.downloaded).toBeGreaterThanOrEqual(progress[i - 1]!.downloaded);
    }
    expect(
      eventsOfType(events, 'file-done')
        .map((event) => event.path)
        .sort(),
    ).toEqual(FILES.map((file) => file.path).sort());
    expect(eventsOfType(events, 'file-done').every((event) => !event.reused)).toBe(true);
    expect(eventsOfType(events, 'file-verified')).toHaveLength(5);
    expect(events.at(-1)).toEqual(
      expect.objectContaining({ type: 'done', downloadedBytes: 350_030, totalBytes: 350_030 }),
    );
    // The token never went to the CDN host (it would have answered 400).
    expect(hub.requests.filter((entry) => entry.host === 'cdn' && entry.authorization)).toEqual([]);
  });

  it('a re-run downloads nothing and reports every file as reused', async () => {
    hub.clearRequests();
    const again: TransferEvent[] = [];
    const result = await downloadModel(requestFor(hub, REPO, { cacheDir }), testOptions(again));
    expect(result.downloadedBytes).toBe(0);
    expect(fileRequests(hub)).toEqual([]);
    expect(hub.bytesServed('model.safetensors')).toBe(0);
    expect(eventsOfType(again, 'plan')[0]!.presentBytes).toBe(350_030);
    expect(eventsOfType(again, 'file-done').every((event) => event.reused)).toBe(true);
    expect(eventsOfType(again, 'file-start')).toEqual([]);
  });

  it('a second revision reuses existing blobs and nests refs/refs/pr/1', async () => {
    hub.clearRequests();
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir, revision: 'refs/pr/1' }),
      testOptions(),
    );
    const repoDir = join(cacheDir, 'models--org--model');
    expect(result.resultPath).toBe(join(repoDir, 'snapshots', prCommit));
    expect(hub.bytesServed('model.safetensors')).toBe(0);
    expect(result.downloadedBytes).toBe(20);
    expect(await readFile(join(repoDir, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(prCommit);
    expect(await readlink(join(repoDir, 'snapshots', prCommit, 'model.safetensors'))).toBe(
      `../../blobs/${blobNameOf('model.safetensors')}`,
    );
    const info = await scanCacheDir(cacheDir);
    expect(info.warnings).toEqual([]);
    expect(info.repos[0]!.revisions.map((revision) => revision.commitOid).sort()).toEqual(
      [repo.commit, prCommit].sort(),
    );
  });

  it('a tag or short hash writes its ref; a full commit writes none', async () => {
    const repoDir = join(cacheDir, 'models--org--model');
    await downloadModel(requestFor(hub, REPO, { cacheDir, revision: 'v1.0' }), testOptions());
    await downloadModel(
      requestFor(hub, REPO, { cacheDir, revision: repo.commit.slice(0, 7) }),
      testOptions(),
    );
    await downloadModel(requestFor(hub, REPO, { cacheDir, revision: repo.commit }), testOptions());
    expect((await readdir(join(repoDir, 'refs'))).sort()).toEqual([
      repo.commit.slice(0, 7),
      'main',
      'refs',
      'v1.0',
    ]);
    expect(await readFile(join(repoDir, 'refs', 'v1.0'), 'utf8')).toBe(repo.commit);
  });
});

describe('file selection', () => {
  it('include/exclude patterns select files (fnmatch: * crosses /)', async () => {
    const cacheDir = await tempDir();
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir, include: ['*.json'], exclude: ['nested/*'] }),
      testOptions(),
    );
    expect(result.plan.files.map((file) => file.path)).toEqual(['config.json']);
    expect(await readdir(join(result.resultPath))).toEqual(['config.json']);
  });

  it('one explicit filename returns that file path', async () => {
    const cacheDir = await tempDir();
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir, filenames: ['nested/tokenizer.json'] }),
      testOptions(),
    );
    expect(result.resultPath).toBe(
      join(cacheDir, 'models--org--model', 'snapshots', repo.commit, 'nested', 'tokenizer.json'),
    );
    expect(await readFile(result.resultPath, 'utf8')).toBe('{"t": true}');
  });

  it('a missing filename fails with ENTRY_NOT_FOUND and writes nothing', async () => {
    const cacheDir = await tempDir();
    const events: TransferEvent[] = [];
    const error = await downloadModel(
      requestFor(hub, REPO, { cacheDir, filenames: ['config.json', 'nope.bin', 'my weights/no such.bin'] }),
      testOptions(events),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ENTRY_NOT_FOUND')).toBe(true);
    // Named as every path hubget prints (src/format/path-punctuation.ts fileList).
    expect((error as Error).message).toMatch(
      /^nope\.bin; 'my weights\/no such\.bin' not found in org\/model at revision /,
    );
    expect(events).toEqual([
      { type: 'failed', error: { code: 'ENTRY_NOT_FOUND', message: (error as Error).message } },
    ]);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('patterns that leave no file fail with ENTRY_NOT_FOUND naming them, and write nothing', async () => {
    const cacheDir = await tempDir();
    for (const patterns of [{ include: ['*.xyz'] }, { include: ['*.json'], exclude: ['*'] }]) {
      const error = await downloadModel(
        requestFor(hub, REPO, { cacheDir, ...patterns }),
        testOptions(),
      ).catch((caught: unknown) => caught);
      expect(isHubgetError(error, 'ENTRY_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toMatch(
        /No file of org\/model at revision main is left by the patterns/,
      );
      expect((error as Error).message).toContain(`"${patterns.include[0]}"`);
      expect((error as Error).message).toMatch(/they rule out all of the \d+ files it lists$/);
    }
    const named = await downloadModel(
      requestFor(hub, REPO, { cacheDir, filenames: ['config.json'], exclude: ['*.json'] }),
      testOptions(),
    ).catch((caught: unknown) => caught);
    expect((named as Error).message).toMatch(/they rule out all of the 1 file named$/);
    expect(await readdir(cacheDir)).toEqual([]);
    // A pattern that matches is unaffected.
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir, include: ['config.*'] }),
      testOptions(),
    );
    expect(await readdir(result.resultPath)).toEqual(['config.json']);
  });

  it('records a missing file as .no_exist/<commit>/<path> in a repo already cached, like huggingface_hub', async () => {
    const cacheDir = await tempDir();
    await downloadModel(requestFor(hub, REPO, { cacheDir, filenames: ['config.json'] }), testOptions());
    const error = await downloadModel(
      requestFor(hub, REPO, { cacheDir, filenames: ['sub/optional.json'] }),
      testOptions(),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ENTRY_NOT_FOUND')).toBe(true);
    const repoDir = join(cacheDir, 'models--org--model');
    expect((await stat(join(repoDir, '.no_exist', repo.commit, 'sub/optional.json'))).size).toBe(0);
    const scan = await scanCacheDir(cacheDir);
    expect(scan.warnings).toEqual([]);
  });

  it('planDownload reports present and missing files without writing', async () => {
    const cacheDir = await tempDir();
    await downloadModel(requestFor(hub, REPO, { cacheDir, filenames: ['config.json'] }), testOptions());
    const plan = await planDownload(requestFor(hub, REPO, { cacheDir }));
    expect(plan.totalBytes).toBe(350_030);
    expect(plan.presentBytes).toBe(19);
    expect(plan.bytesToFetch).toBe(350_011);
    expect(plan.files.find((file) => file.path === 'config.json')?.present).toBe(true);
    expect((await stat(join(cacheDir, 'models--org--model', 'snapshots', repo.commit))).isDirectory()).toBe(
      true,
    );
    expect(await readdir(join(cacheDir, 'models--org--model', 'snapshots', repo.commit))).toEqual([
      'config.json',
    ]);
  });
});
