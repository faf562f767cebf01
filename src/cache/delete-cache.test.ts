import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobId, linkSnapshotFile, writeCacheFile } from '../../test/support/cache/hub-cache-tree.js';
import { rejection } from '../../test/support/rejection.js';
import { copyBytes } from '../format/copy-bytes.js';
import { confirmedPlan, deleteFromCache, deletionPlanChanged, planDeletion } from './delete-cache.js';
import {
  type LocalDirDeletionOptions,
  planDownloadFolderDeletion,
  planLocalDirDeletion,
  removeLocalDir,
} from './delete-local-dir.js';
import { shortHashOfPath } from './local-dir-layout.js';
import { writeLocalMetadata } from './local-dir-metadata.js';
import { scanHubCache } from './scan-cache.js';
import { describeLocalDir } from './scan-local-dirs.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const MODEL = { repoId: 'org/model', repoType: 'model' } as const;

describe('cache deletion', () => {
  let cache: string;
  let repoDir: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'hubget-delete-'));
    repoDir = join(cache, 'models--org--model');
    writeCacheFile(join(repoDir, 'blobs', blobId(1)), 100);
    writeCacheFile(join(repoDir, 'blobs', blobId(2)), 10);
    writeCacheFile(join(repoDir, 'blobs', blobId(3)), 200);
    writeCacheFile(join(repoDir, 'blobs', blobId(4)), 300);
    linkSnapshotFile(repoDir, C1, 'model.safetensors', blobId(1));
    linkSnapshotFile(repoDir, C1, 'config.json', blobId(2));
    linkSnapshotFile(repoDir, C1, 'sub/x.bin', blobId(3));
    linkSnapshotFile(repoDir, C2, 'config.json', blobId(2));
    linkSnapshotFile(repoDir, C2, 'model.safetensors', blobId(4));
    writeCacheFile(join(repoDir, 'refs', 'main'), C2);
    writeCacheFile(join(repoDir, 'refs', 'refs', 'pr', '1'), C1);
    writeCacheFile(join(repoDir, '.no_exist', C1, 'missing.txt'), 0);
    writeCacheFile(join(repoDir, 'trees', `${C1}.json`), '{}');
    writeCacheFile(join(cache, '.locks', 'models--org--model', `${blobId(1)}.lock`), 0);
    writeCacheFile(join(cache, 'models--org--other', 'snapshots', C1, 'a.txt'), 5);
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('refuses a confirmed plan that a download changed meanwhile: one sharing its blobs now keeps them', async () => {
    // Confirmed: C1 goes with blobs 1 and 3. Then a download links a new revision to blob 1.
    const confirmed = await planDeletion(cache, MODEL, [C1]);
    const again = () => planDeletion(cache, MODEL, [C1]);
    expect(await confirmedPlan('org/model', confirmed, again, deletionPlanChanged)).toEqual(confirmed);
    const C3 = '3'.repeat(40);
    linkSnapshotFile(repoDir, C3, 'model.safetensors', blobId(1));
    const refused = await rejection(confirmedPlan('org/model', confirmed, again, deletionPlanChanged));
    expect(refused).toMatchObject({ code: 'IN_USE' });
    expect((refused as Error).message).toMatch(
      /^org\/model changed since this deletion was planned .*nothing was deleted/,
    );
    expect(existsSync(join(repoDir, 'blobs', blobId(1)))).toBe(true);
  });

  it("keeps a confirmed whole-repo plan when only its .locks folder appeared (the deletion's own mutex)", async () => {
    rmSync(join(cache, '.locks'), { recursive: true, force: true });
    const confirmed = await planDeletion(cache, MODEL, undefined);
    mkdirSync(join(cache, '.locks', 'models--org--model'), { recursive: true });
    const again = () => planDeletion(cache, MODEL, undefined);
    expect(await confirmedPlan('org/model', confirmed, again, deletionPlanChanged)).toMatchObject({
      wholeRepo: true,
    });
  });

  it('deletes one revision, its refs and only the blobs no other revision uses', async () => {
    const plan = await planDeletion(cache, MODEL, [C1]);
    expect(plan).toMatchObject({
      wholeRepo: false,
      commits: [C1],
      freedBytes: 300,
      blobs: [join(repoDir, 'blobs', blobId(1)), join(repoDir, 'blobs', blobId(3))],
      snapshots: [join(repoDir, 'snapshots', C1)],
      refs: [join(repoDir, 'refs', 'refs', 'pr', '1')],
      extras: [join(repoDir, '.no_exist', C1), join(repoDir, 'trees', `${C1}.json`)],
    });
    expect(plan.paths).toContain(join(repoDir, 'snapshots', C1));
    expect(await deleteFromCache(plan)).toEqual({ freedBytes: 300, partialBytes: 0 });
    expect(existsSync(join(repoDir, 'blobs', blobId(2)))).toBe(true);
    expect(existsSync(join(repoDir, 'refs', 'refs'))).toBe(false);
    expect(existsSync(join(repoDir, 'refs', 'main'))).toBe(true);
    const [data, other] = await scanHubCache(cache);
    expect(data?.repoId).toBe('org/model');
    expect(data?.revisions.map((r) => [r.commit, r.refs, r.files])).toEqual([[C2, ['main'], 2]]);
    expect(data?.sizeOnDisk).toBe(310);
    expect(other?.repoId).toBe('org/other');
  });

  it('accepts a ref name for the revision', async () => {
    const plan = await planDeletion(cache, MODEL, ['main']);
    expect(plan.commits).toEqual([C2]);
    expect(plan.blobs).toEqual([join(repoDir, 'blobs', blobId(4))]);
    expect(plan.freedBytes).toBe(300);
  });

  it('accepts a short commit, as hubget prints it: 7 or more hex characters that one cached commit starts with', async () => {
    for (const short of [C2.slice(0, 7), C2.slice(0, 12), C2.slice(0, 39)]) {
      expect((await planDeletion(cache, MODEL, [short])).commits, short).toEqual([C2]);
    }
    // Fewer than 7 characters, or not a commit's beginning: not found.
    for (const short of [C2.slice(0, 6), '3'.repeat(7)]) {
      await expect(planDeletion(cache, MODEL, [short])).rejects.toMatchObject({ code: 'REVISION_NOT_FOUND' });
    }
  });

  it('refuses a short commit that several cached commits start with, naming them', async () => {
    const [A1, A2] = [`abcdef0${'1'.repeat(33)}`, `abcdef0${'2'.repeat(33)}`];
    linkSnapshotFile(repoDir, A1, 'config.json', blobId(2));
    linkSnapshotFile(repoDir, A2, 'config.json', blobId(2));
    const error = await rejection(planDeletion(cache, MODEL, ['abcdef0']));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { candidates: [A1, A2] } });
    expect(error.message).toBe(
      `Revision abcdef0 of org/model is ambiguous: 2 cached commits start with it (${A1}, ${A2}); give more of the commit`,
    );
    expect((await planDeletion(cache, MODEL, ['abcdef01'])).commits).toEqual([A1]);
  });

  it('deletes the whole repo folder and its locks when every revision goes', async () => {
    for (const plan of [await planDeletion(cache, MODEL), await planDeletion(cache, MODEL, [C1, 'main'])]) {
      expect(plan.wholeRepo).toBe(true);
      expect(plan.paths).toEqual([repoDir, join(cache, '.locks', 'models--org--model')]);
      // Every blob once, as `hubget ls` lists the repo; not its bookkeeping (trees/ JSON, two refs: 82 B more).
      expect(plan.freedBytes).toBe(610);
    }
    await deleteFromCache(await planDeletion(cache, MODEL));
    expect(existsSync(repoDir)).toBe(false);
    expect(existsSync(join(cache, '.locks', 'models--org--model'))).toBe(false);
    expect((await scanHubCache(cache)).map((m) => m.repoId)).toEqual(['org/other']);
  });

  it('frees what `hubget ls` lists of the repo: its blobs, and its unfinished downloads said apart', async () => {
    // A download that did not finish left a temp file beside the blobs (what `ls` says in STATE and its total).
    writeCacheFile(join(repoDir, 'blobs', `${blobId(5)}.1a2b3c4d.incomplete`), 50);
    const [listed] = await scanHubCache(cache);
    expect(listed).toMatchObject({ repoId: 'org/model', sizeOnDisk: 610, unfinishedBytes: 50 });
    const plan = await planDeletion(cache, MODEL);
    // The same figures: 610 + 50, not every file of the folder (610 + 50 + 82 of refs and trees/ said 742).
    expect(plan).toMatchObject({ freedBytes: copyBytes(listed!), partialBytes: 50 });
    expect(await deleteFromCache(plan)).toEqual({ freedBytes: 660, partialBytes: 50 });
    // Nothing said apart where no download is unfinished (a no-symlink file in its snapshot: by its length).
    expect(await planDeletion(cache, { repoId: 'org/other', repoType: 'model' })).toMatchObject({
      freedBytes: 5,
      partialBytes: 0,
    });
  });

  it('names what is not in the cache', async () => {
    expect((await rejection(planDeletion(cache, { repoId: 'org/none', repoType: 'model' }))).code).toBe(
      'REPO_NOT_FOUND',
    );
    expect((await rejection(planDeletion(cache, MODEL, ['f'.repeat(40)]))).code).toBe('REVISION_NOT_FOUND');
  });

  it('refuses a tampered plan that reaches outside the repo folder', async () => {
    const outside = join(cache, 'models--org--other');
    const plan = await planDeletion(cache, MODEL, [C1]);
    plan.paths.push(join(repoDir, '..', 'models--org--other'));
    expect((await rejection(deleteFromCache(plan))).code).toBe('UNSAFE_PATH');
    const moved = { ...(await planDeletion(cache, MODEL, [C1])), repoDir: outside };
    expect((await rejection(deleteFromCache(moved))).code).toBe('UNSAFE_PATH');
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(repoDir, 'snapshots', C1))).toBe(true);
  });
});

/** Plan, then remove: what the server's Delete of a folder does (src/server/models-source.ts), without its in-use check. */
async function deleteLocalDir(modelsDir: string, folder: string, options: LocalDirDeletionOptions = {}) {
  return removeLocalDir(await planLocalDirDeletion(modelsDir, folder, options));
}

describe('deleteLocalDir', () => {
  let root: string;
  let models: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hubget-delete-local-'));
    models = join(root, 'models');
    writeCacheFile(join(models, 'org', 'm', 'weights.bin'), 1000);
    writeCacheFile(join(models, 'org', 'm', '.cache', 'huggingface', 'download', 'weights.bin.metadata'), 24);
    writeCacheFile(join(models, 'mine', 'notes.txt'), 3);
    writeCacheFile(join(root, 'precious', 'data.txt'), 1);
    mkdirSync(join(root, 'precious', '.cache', 'huggingface'), { recursive: true });
    symlinkSync(join(root, 'precious'), join(models, 'escape'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('deletes a download folder inside the models dir', async () => {
    expect(await planLocalDirDeletion(models, 'org/m')).toMatchObject({
      path: join(models, 'org', 'm'),
      freedBytes: 1000,
      contents: { others: [] },
    });
    expect((await deleteLocalDir(models, join(models, 'org', 'm'))).freedBytes).toBe(1000);
    expect(existsSync(join(models, 'org', 'm'))).toBe(false);
    expect(existsSync(join(models, 'org'))).toBe(true);
  });

  it("deletes only what the downloads wrote: a project's own files beside them stay", async () => {
    // `hf download org/m --local-dir .` in a project: the download's files sit among the user's.
    const project = join(models, 'project');
    writeCacheFile(join(project, 'app', 'main.py'), 5);
    writeCacheFile(join(project, 'notes.txt'), 7);
    mkdirSync(join(project, 'empty'), { recursive: true });
    writeCacheFile(join(project, 'weights', 'model.bin'), 100);
    writeCacheFile(join(project, 'config.json'), 10);
    writeCacheFile(join(project, 'weights', 'mine.bin'), 2);
    writeCacheFile(join(project, '.cache', 'huggingface', 'download', 'weights', 'model.bin.metadata'), 30);
    writeCacheFile(join(project, '.cache', 'huggingface', 'download', 'config.json.metadata'), 30);
    writeCacheFile(join(project, '.cache', 'huggingface', 'download', 'gone.bin.metadata'), 30);
    writeCacheFile(join(project, '.cache', 'other-tool', 'state'), 4);
    symlinkSync(join(root, 'precious', 'data.txt'), join(project, 'link.txt'));
    const plan = await planLocalDirDeletion(models, 'project');
    // The files the downloads wrote (their records, 90 B, not counted: src/format/copy-bytes.ts).
    expect(plan.freedBytes).toBe(100 + 10);
    expect(plan.contents?.downloaded.map((f) => f.path).sort()).toEqual([
      join(project, 'config.json'),
      join(project, 'weights', 'model.bin'),
    ]);
    expect(plan.contents?.others.sort()).toEqual([
      '.cache/other-tool/state',
      'app/main.py',
      'link.txt',
      'notes.txt',
      'weights/mine.bin',
    ]);
    await deleteLocalDir(models, 'project');
    expect(existsSync(join(project, 'config.json'))).toBe(false);
    expect(existsSync(join(project, 'weights', 'model.bin'))).toBe(false);
    expect(existsSync(join(project, '.cache', 'huggingface'))).toBe(false);
    for (const kept of ['app/main.py', 'notes.txt', 'weights/mine.bin', '.cache/other-tool/state', 'empty']) {
      expect(existsSync(join(project, kept)), kept).toBe(true);
    }
    expect(existsSync(join(root, 'precious', 'data.txt'))).toBe(true);
  });

  it('frees what `hubget ls` lists of the folder: its files, and its unfinished downloads said apart', async () => {
    const dir = join(models, 'listed');
    writeCacheFile(join(dir, 'config.json'), 1000);
    await writeLocalMetadata(dir, 'config.json', { commit: C1, etag: 'e', timestamp: 1 });
    const temp = `${shortHashOfPath('model.gguf')}.${'a'.repeat(64)}.0badc0de.incomplete`;
    writeCacheFile(join(dir, '.cache', 'huggingface', 'download', temp), 4100);
    const listed = await describeLocalDir(models, dir);
    expect(listed).toMatchObject({ sizeOnDisk: 1000, unfinishedBytes: 4100 });
    // Not 1000 + 4100 + its `.metadata` record and `.gitignore`: the figures `ls` shows.
    expect(await planLocalDirDeletion(models, 'listed')).toMatchObject({
      freedBytes: copyBytes(listed!),
      partialBytes: 4100,
    });
  });

  it('removes the folders a download leaves empty, and the download folder when nothing else is in it', async () => {
    const dir = join(models, 'nested');
    writeCacheFile(join(dir, 'a', 'b', 'w.bin'), 8);
    writeCacheFile(join(dir, '.cache', 'huggingface', 'download', 'a', 'b', 'w.bin.metadata'), 8);
    writeCacheFile(join(dir, '.cache', 'huggingface', '.gitignore'), 1);
    await deleteLocalDir(models, 'nested');
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(models)).toBe(true);
  });

  it('refuses anything outside the models dir, symlinks included', async () => {
    for (const hostile of [
      '../precious',
      '../../etc/passwd',
      join(root, 'precious'),
      'escape',
      '.',
      'org/..',
    ]) {
      const error = await rejection(deleteLocalDir(models, hostile));
      expect(error.code, hostile).toBe('UNSAFE_PATH');
    }
    expect(existsSync(join(root, 'precious', 'data.txt'))).toBe(true);
  });

  it('refuses a folder that is not a download unless forced, and a missing one', async () => {
    expect((await rejection(deleteLocalDir(models, 'mine'))).code).toBe('INVALID_ARGUMENT');
    expect(existsSync(join(models, 'mine'))).toBe(true);
    await deleteLocalDir(models, 'mine', { force: true });
    expect(existsSync(join(models, 'mine'))).toBe(false);
    expect((await rejection(deleteLocalDir(models, 'nothing-here'))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(deleteLocalDir(models, ''))).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses a folder holding a protected path (the hub cache), even inside the models dir', async () => {
    mkdirSync(join(models, 'org', '.cache', 'huggingface'), { recursive: true });
    const hubCache = join(models, 'org', 'hub');
    mkdirSync(hubCache);
    const error = await rejection(deleteLocalDir(models, 'org', { protectedPaths: [hubCache] }));
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.message).toBe(`Refusing org — it holds ${hubCache}`);
    expect(existsSync(hubCache)).toBe(true);
  });

  it('plans a download folder named by any path of the user (hubget rm --local-dir)', async () => {
    const folder = join(models, 'org', 'm');
    expect(await planDownloadFolderDeletion(folder)).toMatchObject({ path: folder, freedBytes: 1000 });
    // Through a symlink: the real folder, so a job's folder compares equal.
    symlinkSync(folder, join(root, 'link-to-m'));
    expect((await planDownloadFolderDeletion(join(root, 'link-to-m'))).path).toBe(folder);
    expect((await rejection(planDownloadFolderDeletion(join(models, 'mine')))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(planDownloadFolderDeletion(join(root, 'none')))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(planDownloadFolderDeletion(join(folder, 'weights.bin')))).code).toBe(
      'INVALID_ARGUMENT',
    );
    const holding = await rejection(planDownloadFolderDeletion(models, { protectedPaths: [folder] }));
    expect(holding.code).toBe('UNSAFE_PATH');
    expect(await rejection(planDownloadFolderDeletion(folder, { protectedPaths: [folder] }))).toMatchObject({
      code: 'UNSAFE_PATH',
    });
  });
});
