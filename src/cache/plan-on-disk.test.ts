import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDownloadDir, localMetadataPath } from './local-dir-layout.js';
import { formatLocalMetadata } from './local-dir-metadata.js';
import { checkPlanOnDisk, type DownloadPlan } from './plan-on-disk.js';
import type { ScannedModel } from './scanned-model.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);

function file(path: string, bytes: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes, 1));
}

/** A well-formed `.metadata` record for `path` in the local dir `dir`. */
function record(dir: string, path: string): void {
  const metadataPath = localMetadataPath(dir, path);
  mkdirSync(dirname(metadataPath), { recursive: true });
  writeFileSync(
    metadataPath,
    formatLocalMetadata({ commit: C1, etag: 'e'.repeat(40), timestamp: Date.now() / 1000 }),
  );
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-plan-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const plan = (commit: string): DownloadPlan => ({
  jobId: 'job-1',
  commit,
  files: [
    { path: 'config.json', size: 22 },
    { path: 'model-00001.bin', size: 1000 },
    { path: 'sub/model-00002.bin', size: 2000 },
  ],
});

function model(location: 'cache' | 'local', path: string, commits: string[]): ScannedModel {
  return {
    repoId: 'org/m',
    repoType: 'model',
    ...(location === 'local' ? { location, localFolder: 'm' } : { location, localFolder: null }),
    path,
    sizeOnDisk: 0,
    files: 0,
    lastModified: '2026-01-01T00:00:00.000Z',
    quants: [],
    unfinishedFiles: 0,
    unfinishedBytes: 0,
    revisions: commits.map((commit) => ({
      commit,
      refs: [],
      sizeOnDisk: 0,
      files: 0,
      lastModified: '2026-01-01T00:00:00.000Z',
      path: location === 'cache' ? join(path, 'snapshots', commit) : path,
    })),
  };
}

describe('checkPlanOnDisk', () => {
  it('counts the planned files missing from the snapshot of its commit (links to blobs of the right size)', async () => {
    const repo = join(root, 'models--org--m');
    file(join(repo, 'blobs', 'a'), 22);
    file(join(repo, 'blobs', 'b'), 999); // truncated: not the planned file
    const snapshot = join(repo, 'snapshots', C1);
    mkdirSync(snapshot, { recursive: true });
    symlinkSync(relative(snapshot, join(repo, 'blobs', 'a')), join(snapshot, 'config.json'));
    symlinkSync(relative(snapshot, join(repo, 'blobs', 'b')), join(snapshot, 'model-00001.bin'));
    expect(await checkPlanOnDisk(model('cache', repo, [C1]), plan(C1))).toEqual({
      jobId: 'job-1',
      commit: C1,
      files: 3,
      bytes: 3022,
      missingFiles: 2,
      missingBytes: 3000,
    });
  });

  it('says nothing when the snapshot it planned is not in the cache (deleted since)', async () => {
    const repo = join(root, 'models--org--m');
    file(join(repo, 'snapshots', C2, 'config.json'), 22);
    expect(await checkPlanOnDisk(model('cache', repo, [C2]), plan(C1))).toBeNull();
  });

  it('is complete without symlinks too (files in the snapshot)', async () => {
    const repo = join(root, 'models--org--m');
    for (const { path, size } of plan(C1).files) file(join(repo, 'snapshots', C1, path), size);
    expect(await checkPlanOnDisk(model('cache', repo, [C1]), plan(C1))).toMatchObject({
      missingFiles: 0,
      missingBytes: 0,
    });
  });

  it('in a local dir, counts a file only with its .metadata record', async () => {
    const dir = join(root, 'local');
    for (const { path, size } of plan(C1).files) file(join(dir, path), size);
    record(dir, 'config.json');
    record(dir, 'sub/model-00002.bin');
    expect(await checkPlanOnDisk(model('local', dir, [C1]), plan(C1))).toMatchObject({
      missingFiles: 1,
      missingBytes: 1000,
    });
  });

  it('in a local dir, takes an empty .metadata (its write cut short by a full disk) for no record', async () => {
    const dir = join(root, 'local');
    for (const { path, size } of plan(C1).files) file(join(dir, path), size);
    record(dir, 'config.json');
    record(dir, 'sub/model-00002.bin');
    file(join(localDownloadDir(dir), 'model-00001.bin.metadata'), 0);
    expect(await checkPlanOnDisk(model('local', dir, [C1]), plan(C1))).toMatchObject({
      missingFiles: 1,
      missingBytes: 1000,
    });
  });
});

describe('checkPlanOnDisk, a GGUF quantization deleted since', () => {
  const gguf = (completed: boolean): DownloadPlan => ({
    jobId: 'job-1',
    commit: C1,
    completed,
    files: [
      { path: 'README.md', size: 10 },
      { path: 'x-Q4_K_M.gguf', size: 100 },
      { path: 'x-Q8_0-00001-of-00002.gguf', size: 200 },
      { path: 'x-Q8_0-00002-of-00002.gguf', size: 300 },
    ],
  });
  const snapshotWith = (paths: string[]) => {
    const repo = join(root, 'models--org--m');
    for (const { path, size } of gguf(true).files) {
      if (paths.includes(path)) file(join(repo, 'snapshots', C1, path), size);
    }
    return model('cache', repo, [C1]);
  };

  it('leaves the plan of a completed download: the model stays installed with the quantizations left', async () => {
    const installed = snapshotWith(['README.md', 'x-Q4_K_M.gguf']);
    expect(await checkPlanOnDisk(installed, gguf(true))).toMatchObject({
      files: 2,
      bytes: 110,
      missingFiles: 0,
      missingBytes: 0,
    });
    // A download that did not complete may never have fetched it: still missing.
    expect(await checkPlanOnDisk(installed, gguf(false))).toMatchObject({
      missingFiles: 2,
      missingBytes: 500,
    });
  });

  it('counts a part missing of a quantization still on disk, and a missing file of no quantization', async () => {
    const installed = snapshotWith(['x-Q4_K_M.gguf', 'x-Q8_0-00001-of-00002.gguf']);
    expect(await checkPlanOnDisk(installed, gguf(true))).toMatchObject({
      files: 4,
      missingFiles: 2,
      missingBytes: 310,
    });
  });
});
