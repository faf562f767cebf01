import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobId, linkSnapshotFile, writeCacheFile } from '../../test/support/cache/hub-cache-tree.js';
import { writeLocalDirDownload } from '../../test/support/cache/local-dir-download.js';
import { rejection } from '../../test/support/rejection.js';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { localLocksDir } from '../cache/local-dir-layout.js';
import { claimsFolderAt } from '../transfer/claims-folder.js';
import { RunClaims } from '../transfer/download-claims.js';
import { createModelsSource } from './models-source.js';

const MODEL = { repoId: 'org/model', repoType: 'model' } as const;
const signal = new AbortController().signal;

describe("the models source's deletions", () => {
  let root: string;
  let hubCacheDir: string;
  let modelsDir: string;
  const runs: RunClaims[] = [];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hubget-models-source-'));
    hubCacheDir = join(root, 'hub');
    modelsDir = join(root, 'models');
    const repoDir = join(hubCacheDir, 'models--org--model');
    writeCacheFile(join(repoDir, 'blobs', blobId(1)), 100);
    linkSnapshotFile(repoDir, '1'.repeat(40), 'model.safetensors', blobId(1));
    writeCacheFile(join(modelsDir, 'mine', '.cache', 'huggingface', 'download', 'a.bin.metadata'), 'x');
  });
  afterEach(async () => {
    for (const run of runs.splice(0)) await run.release();
    rmSync(root, { recursive: true, force: true });
  });

  const source = () => createModelsSource({ hubCacheDir, modelsDir, loadCatalog: () => Promise.resolve([]) });

  /** A hubget download run of another process, for all the source can tell, with a claim in `folder`. */
  async function liveRun(folder: string): Promise<RunClaims> {
    const run = new RunClaims(folder);
    runs.push(run);
    await run.claim([blobId(2)], (key) => [key], signal);
    return run;
  }

  it('refuses to delete a cached repo while a hubget download run holds claims in it, as `hubget rm` does', async () => {
    const run = await liveRun(claimsFolderAt({ kind: 'cache', cacheDir: hubCacheDir, repo: MODEL }));
    const error = await rejection(source().deleteCached(MODEL));
    expect(error.code).toBe('IN_USE');
    expect(error.message).toMatch(new RegExp(`^org/model is being downloaded by pid ${process.pid}; `));
    // Stopped: its temp file, written a moment ago, blocks nothing.
    await run.release();
    const temp = join(hubCacheDir, 'models--org--model', 'blobs', `${blobId(2)}.0123abcd.incomplete`);
    writeCacheFile(temp, 'partial');
    writeCacheFile(`${temp}${RESUME_MAP_SUFFIX}`, '{}');
    expect((await source().deleteCached(MODEL)).freedBytes).toBeGreaterThan(0);
    expect(existsSync(join(hubCacheDir, 'models--org--model'))).toBe(false);
  });

  it('refuses to delete a local dir while a hubget download run holds claims in it', async () => {
    const run = await liveRun(localLocksDir(join(modelsDir, 'mine')));
    const error = await rejection(source().deleteLocal('mine'));
    expect(error.message).toMatch(new RegExp(`^Folder mine is being downloaded by pid ${process.pid}; `));
    expect(existsSync(join(modelsDir, 'mine', '.cache'))).toBe(true);
    await run.release();
    await source().deleteLocal('mine');
    expect(existsSync(join(modelsDir, 'mine'))).toBe(false);
  });

  it('deletes one quantization of a local dir, refused while a hubget download run holds claims in it', async () => {
    const dir = join(modelsDir, 'gguf');
    writeLocalDirDownload(dir, 'x-Q2_K.gguf', 'a'.repeat(20));
    writeLocalDirDownload(dir, 'x-Q8_0.gguf', 'b'.repeat(80));
    const planned = await source().deleteLocalQuant('gguf', 'q8_0', false);
    expect(planned).toMatchObject({
      quant: 'Q8_0',
      files: ['x-Q8_0.gguf'],
      freedBytes: 80,
      remaining: ['Q2_K'],
    });
    expect(existsSync(join(dir, 'x-Q8_0.gguf'))).toBe(true);
    const run = await liveRun(localLocksDir(dir));
    const error = await rejection(source().deleteLocalQuant('gguf', 'Q8_0', true));
    expect(error.message).toMatch(new RegExp(`^Folder gguf is being downloaded by pid ${process.pid}; `));
    expect(existsSync(join(dir, 'x-Q8_0.gguf'))).toBe(true);
    await run.release();
    await source().deleteLocalQuant('gguf', 'Q8_0', true);
    expect(existsSync(join(dir, 'x-Q8_0.gguf'))).toBe(false);
    const [listed] = (await source().installed()).filter((model) => model.path === dir);
    expect(listed?.quants).toEqual(['Q2_K']);
  });

  it('refuses a quantization of a folder outside the models dir', async () => {
    const error = await rejection(source().deleteLocalQuant('../hub', 'Q8_0', false));
    expect(error.code).toBe('UNSAFE_PATH');
  });
});
