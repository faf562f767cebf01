import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobId, linkSnapshotFile, writeCacheFile } from '../../test/support/cache/hub-cache-tree.js';
import { shortHashOfPath } from './local-dir-layout.js';
import { scanHubCache, scanHubCacheReport, scanLocalDirs } from './scan-cache.js';
import { writeLocalDirMarker } from './scan-local-marker.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const C3 = '3'.repeat(40);

describe('scanHubCache', () => {
  let cache: string;
  let model: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'hubget-scan-'));
    model = join(cache, 'models--org--model');
    writeCacheFile(join(model, 'blobs', blobId(1)), 100, 1_700_000_100);
    writeCacheFile(join(model, 'blobs', blobId(2)), 10, 1_700_000_200);
    writeCacheFile(join(model, 'blobs', blobId(3)), 200, 1_700_000_300);
    writeCacheFile(join(model, 'blobs', blobId(4)), 300, 1_700_000_400);
    writeCacheFile(join(model, 'blobs', `${blobId(5)}.0badc0de.incomplete`), 999);
    linkSnapshotFile(model, C1, 'model.safetensors', blobId(1));
    linkSnapshotFile(model, C1, 'config.json', blobId(2));
    linkSnapshotFile(model, C1, 'sub/x.bin', blobId(3));
    linkSnapshotFile(model, C2, 'config.json', blobId(2));
    linkSnapshotFile(model, C2, 'model.safetensors', blobId(4));
    writeCacheFile(join(model, 'refs', 'main'), 0);
    writeFileSync(join(model, 'refs', 'main'), C2);
    writeCacheFile(join(model, 'refs', 'refs', 'pr', '1'), 0);
    writeFileSync(join(model, 'refs', 'refs', 'pr', '1'), C1);
    writeCacheFile(join(model, '.no_exist', C1, 'missing.txt'), 0);
    // No-symlink mode (docs/hub-disk-layout.md §3.10): real files in the snapshot, no refs/ folder.
    writeCacheFile(join(cache, 'datasets--org--data', 'snapshots', C3, 'data.csv'), 50, 1_700_000_500);
    mkdirSync(join(cache, '.locks', 'models--org--model'), { recursive: true });
    writeFileSync(join(cache, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n');
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('lists repos, revisions, refs and sizes like hf cache scan', async () => {
    const report = await scanHubCacheReport(cache);
    expect(report.warnings).toEqual([]);
    expect(report.models.map((m) => `${m.repoType}:${m.repoId}`)).toEqual([
      'dataset:org/data',
      'model:org/model',
    ]);
    const repo = report.models[1]!;
    expect(repo).toMatchObject({
      location: 'cache',
      path: model,
      sizeOnDisk: 610, // each blob once, the temp file not at all
      files: 4,
      lastModified: new Date(1_700_000_400_000).toISOString(),
      unfinishedFiles: 1, // that temp file: blob 5 never arrived
    });
    expect(repo.revisions).toEqual([
      {
        commit: C2,
        refs: ['main'],
        sizeOnDisk: 310,
        files: 2,
        lastModified: new Date(1_700_000_400_000).toISOString(),
        path: join(model, 'snapshots', C2),
      },
      {
        commit: C1,
        refs: ['refs/pr/1'],
        sizeOnDisk: 310,
        files: 3,
        lastModified: new Date(1_700_000_300_000).toISOString(),
        path: join(model, 'snapshots', C1),
      },
    ]);
    expect(report.models[0]).toMatchObject({ sizeOnDisk: 50, files: 1, unfinishedFiles: 0 });
    expect(report.models[0]?.revisions[0]).toMatchObject({ commit: C3, refs: [], files: 1 });
  });

  it('reports corrupted entries without failing the scan', async () => {
    writeFileSync(join(cache, 'stray.txt'), 'x');
    mkdirSync(join(cache, 'not-a-repo'));
    mkdirSync(join(cache, 'models--org--broken', 'blobs'), { recursive: true });
    linkSnapshotFile(model, C2, 'dangling.bin', blobId(9));
    writeFileSync(join(model, 'refs', 'old'), '9'.repeat(40));
    writeFileSync(join(model, 'snapshots', 'stray-file'), '');
    const warnings: string[] = [];
    const models = await scanHubCache(cache, { onWarning: (w) => warnings.push(`${w.path}: ${w.message}`) });
    expect(models.map((m) => m.repoId)).toEqual(['org/data', 'org/model']);
    expect(models[1]?.revisions.find((r) => r.commit === C2)?.files).toBe(2);
    const expectWarning = (path: string, text: string) =>
      expect(
        warnings.some((w) => w.startsWith(`${path}: `) && w.includes(text)),
        `${path} ${text}`,
      ).toBe(true);
    expectWarning(join(cache, 'stray.txt'), 'not a repo folder');
    expectWarning(join(cache, 'not-a-repo'), 'not a repo folder');
    expectWarning(join(cache, 'models--org--broken'), 'no snapshots');
    expectWarning(join(model, 'snapshots', C2, 'dangling.bin'), 'missing blob');
    expectWarning(join(model, 'refs', 'old'), 'no snapshot');
    expectWarning(join(model, 'snapshots', 'stray-file'), 'not a folder');
    expect(warnings).toHaveLength(6);
  });

  it('leaves out a repo with no file in any snapshot, and lists an empty revision beside full ones', async () => {
    // A download that has not finished its first file, or a ref a mirror's client only resolved: the
    // snapshot folder and the ref exist (write-ref.ts), nothing is installed.
    mkdirSync(join(cache, 'models--org--pending', 'snapshots', C3), { recursive: true });
    writeCacheFile(join(cache, 'models--org--pending', 'refs', 'main'), 0);
    writeFileSync(join(cache, 'models--org--pending', 'refs', 'main'), C3);
    mkdirSync(join(model, 'snapshots', C3), { recursive: true });
    writeFileSync(join(model, 'refs', 'dev'), C3);
    const report = await scanHubCacheReport(cache);
    expect(report.warnings).toEqual([]);
    expect(report.models.map((m) => m.repoId)).toEqual(['org/data', 'org/model']);
    expect(report.models[1]?.revisions.find((r) => r.commit === C3)).toMatchObject({
      refs: ['dev'],
      files: 0,
    });
  });

  it('names the GGUF quantizations a repo holds, across its revisions (shards and projectors are no quantizations)', async () => {
    const gguf = join(cache, 'models--org--gguf');
    writeCacheFile(join(gguf, 'blobs', blobId(11)), 400);
    writeCacheFile(join(gguf, 'blobs', blobId(12)), 100);
    writeCacheFile(join(gguf, 'blobs', blobId(13)), 100);
    writeCacheFile(join(gguf, 'blobs', blobId(14)), 50);
    linkSnapshotFile(gguf, C1, 'Tiny-Q6_K-00001-of-00002.gguf', blobId(12));
    linkSnapshotFile(gguf, C1, 'Tiny-Q6_K-00002-of-00002.gguf', blobId(13));
    linkSnapshotFile(gguf, C1, 'mmproj-Tiny-F16.gguf', blobId(14));
    linkSnapshotFile(gguf, C2, 'Tiny-Q8_0.gguf', blobId(11));
    const models = await scanHubCache(cache);
    expect(models.find((m) => m.repoId === 'org/gguf')?.quants).toEqual(['Q6_K', 'Q8_0']);
    expect(models.find((m) => m.repoId === 'org/model')?.quants).toEqual([]);
  });

  it('treats a missing cache dir as empty', async () => {
    expect(await scanHubCache(join(cache, 'nope'))).toEqual([]);
    expect((await scanHubCacheReport(join(cache, 'nope'))).warnings).toEqual([]);
  });

  it('says so when the cache dir is a file', async () => {
    writeFileSync(join(cache, 'a-file'), 'x');
    const report = await scanHubCacheReport(join(cache, 'a-file'));
    expect(report.models).toEqual([]);
    expect(report.warnings).toEqual([
      {
        path: join(cache, 'a-file'),
        message: expect.stringContaining('cannot read the cache folder: ENOTDIR'),
      },
    ]);
  });
});

describe('scanLocalDirs', () => {
  let models: string;
  beforeEach(() => {
    models = mkdtempSync(join(tmpdir(), 'hubget-scan-local-'));
  });
  afterEach(() => rmSync(models, { recursive: true, force: true }));

  function download(localDir: string, path: string, bytes: number, commit: string): void {
    writeCacheFile(join(localDir, ...path.split('/')), bytes, 1_700_000_000);
    const metadata = join(localDir, '.cache', 'huggingface', 'download', ...`${path}.metadata`.split('/'));
    writeCacheFile(metadata, 0);
    writeFileSync(metadata, `${commit}\n${'e'.repeat(40)}\n1700000001.5\n`);
  }

  it('finds local-dir downloads, names them from the marker or the folder (said unnamed)', async () => {
    const named = join(models, 'org', 'named');
    download(named, 'config.json', 10, C1);
    download(named, 'sub/weights.bin', 1000, C1);
    await writeLocalDirMarker(named, {
      repoId: 'org/Real-Model',
      repoType: 'model',
      revision: 'main',
      commit: C1,
    });
    const plain = join(models, 'plain');
    download(plain, 'a.bin', 5, C2);
    download(plain, 'b.bin', 7, C3);
    writeCacheFile(join(models, 'user-folder', 'notes.txt'), 3);
    // A hub cache inside the models dir is not a local dir.
    writeCacheFile(join(models, 'hub', 'models--x--y', '.cache', 'huggingface', 'download', 'z.metadata'), 1);
    // Metadata whose file was deleted does not count.
    writeCacheFile(join(plain, '.cache', 'huggingface', 'download', 'gone.bin.metadata'), 0);
    writeFileSync(join(plain, '.cache', 'huggingface', 'download', 'gone.bin.metadata'), `${C2}\netag\n1\n`);

    const found = await scanLocalDirs(models);
    expect(found.map((m) => m.repoId).sort()).toEqual(['org/Real-Model', 'plain']);
    const real = found.find((m) => m.repoId === 'org/Real-Model')!;
    expect(real).toMatchObject({
      location: 'local',
      path: named,
      sizeOnDisk: 1010,
      files: 2,
      repoType: 'model',
    });
    expect(real.revisions).toEqual([
      {
        commit: C1,
        refs: ['main'],
        sizeOnDisk: 1010,
        files: 2,
        lastModified: new Date(1_700_000_000_000).toISOString(),
        path: named,
      },
    ]);
    expect(real.quants).toEqual([]);
    const plainModel = found.find((m) => m.repoId === 'plain')!;
    expect(plainModel.revisions.map((r) => r.commit).sort()).toEqual([C2, C3]);
    expect(plainModel.sizeOnDisk).toBe(12);
    // Named by its folder, and said to be: no marker names its repo.
    expect([plainModel.unnamedRepo, real.unnamedRepo]).toEqual([true, undefined]);
  });

  it('names a stopped download by the marker written as it began, and lists no cancelled-empty one', async () => {
    const started = { repoId: 'org/Stopped', repoType: 'model', commit: C1, unfinished: true } as const;
    // Stopped before its first file was done: only temp files, and the marker of the start.
    const stopped = join(models, 'stopped');
    await writeLocalDirMarker(stopped, started);
    const temp = `${shortHashOfPath('model.bin')}.${'a'.repeat(64)}.0badc0de.incomplete`;
    writeCacheFile(join(stopped, '.cache', 'huggingface', 'download', temp), 100);
    // Cancelled before its first file was done: its temp files are gone, the marker stays.
    await writeLocalDirMarker(join(models, 'cancelled'), { ...started, repoId: 'org/Cancelled' });
    // Stopped after a file: named by the repo, not by the folder.
    const some = join(models, 'some');
    download(some, 'config.json', 10, C1);
    await writeLocalDirMarker(some, { ...started, repoId: 'org/Some' });

    const found = await scanLocalDirs(models);
    expect(found.map((m) => [m.repoId, m.files, m.unfinishedFiles]).sort()).toEqual([
      ['org/Some', 1, 0],
      ['org/Stopped', 0, 1],
    ]);
    // No finished file: no time (it read 1970-01-01), while a folder with one has its time.
    const byName = new Map(found.map((m) => [m.repoId, m]));
    expect(byName.get('org/Stopped')!.lastModified).toBeNull();
    expect(byName.get('org/Some')!.lastModified).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('names the GGUF quantizations of a local dir', async () => {
    const dir = join(models, 'gguf');
    download(dir, 'Q4_K_M/Tiny-00001-of-00002.gguf', 30, C1);
    download(dir, 'Q4_K_M/Tiny-00002-of-00002.gguf', 30, C1);
    download(dir, 'Tiny-IQ2_XXS.gguf', 20, C1);
    download(dir, 'README.md', 1, C1);
    expect((await scanLocalDirs(models))[0]?.quants).toEqual(['IQ2_XXS', 'Q4_K_M']);
  });

  it('gives [] for a missing models dir', async () => {
    expect(await scanLocalDirs(join(models, 'missing'))).toEqual([]);
  });
});
