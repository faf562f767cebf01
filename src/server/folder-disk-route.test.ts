/**
 * GET /api/system/disk/folder: the disk of a folder a download's `localDir` names, measured at the folder the
 * download would write to (a mount point below the models folder is another disk), with a download's refusals.
 */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

describe('GET /api/system/disk/folder', () => {
  let dir: string;
  let modelsDir: string;
  let app: FastifyInstance;
  /** The paths the disk reader was asked about. */
  let asked: string[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-folder-disk-'));
    modelsDir = join(dir, 'models');
    await mkdir(join(modelsDir, 'big'), { recursive: true });
    asked = [];
    const deps = fakeDeps({ modelsDir });
    // The folder `big` is another disk's: a mount point below the models folder.
    deps.disk = async (path) => {
      asked.push(path);
      return path === join(modelsDir, 'big')
        ? { path, freeBytes: 60_000, totalBytes: 1_000_000 }
        : { path, freeBytes: 9_000_000_000, totalBytes: 10_000_000_000 };
    };
    app = await buildApp(deps);
  });

  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const folderDisk = (query: string) => app.inject(`/api/system/disk/folder?${query}`);

  it("answers the folder's own disk, by name or by absolute path, not the models folder's", async () => {
    const byName = await folderDisk('localDir=big');
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toEqual({ path: join(modelsDir, 'big'), freeBytes: 60_000, totalBytes: 1_000_000 });
    const byPath = await folderDisk(`localDir=${encodeURIComponent(join(modelsDir, 'big'))}`);
    expect(byPath.json()).toEqual(byName.json());
    // A folder not made yet is measured where the download would make it.
    expect((await folderDisk('localDir=new-one')).json()).toMatchObject({
      path: join(modelsDir, 'new-one'),
      freeBytes: 9_000_000_000,
    });
    expect(asked).toEqual([join(modelsDir, 'big'), join(modelsDir, 'big'), join(modelsDir, 'new-one')]);
  });

  it('refuses what a download into the folder is refused, and asks the disk nothing then', async () => {
    await symlink(tmpdir(), join(modelsDir, 'out'));
    for (const [localDir, code] of [
      ['../elsewhere', 'INVALID_ARGUMENT'],
      ['big/nested', 'INVALID_ARGUMENT'],
      ['.hidden', 'INVALID_ARGUMENT'],
      ['/etc', 'UNSAFE_PATH'],
      ['out', 'UNSAFE_PATH'],
    ] as const) {
      const answer = await folderDisk(`localDir=${encodeURIComponent(localDir)}`);
      expect([localDir, answer.statusCode, answer.json().code]).toEqual([localDir, 400, code]);
    }
    expect((await folderDisk('')).statusCode).toBe(400);
    expect(asked).toEqual([]);
  });
});
