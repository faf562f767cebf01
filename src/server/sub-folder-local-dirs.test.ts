import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLocalDirDownload } from '../../test/support/cache/local-dir-download.js';
import { scanLocalDirs } from '../cache/index.js';
import { createModelsSource } from './models-source.js';
import { createSubFolderLocalDirs, type SubFolderLocalDirs } from './sub-folder-local-dirs.js';

let root: string;
let modelsDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-sub-folders-'));
  modelsDir = join(root, 'models');
  mkdirSync(modelsDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The list once the background walk a call started has ended. */
async function settle(subFolders: SubFolderLocalDirs): Promise<string[]> {
  await subFolders.idle();
  return subFolders.list();
}

describe('local dirs in sub-folders of the models dir', () => {
  it('walks a 3000-folder tree once for many model lists, and again only when stale or told', async () => {
    for (let a = 0; a < 30; a += 1) {
      for (let b = 0; b < 10; b += 1) {
        for (let c = 0; c < 10; c += 1)
          mkdirSync(join(modelsDir, `a${a}`, `b${b}`, `c${c}`), { recursive: true });
      }
    }
    writeLocalDirDownload(join(modelsDir, 'team', 'x'));
    let clock = 0;
    const subFolders = createSubFolderLocalDirs(modelsDir, { refreshEveryMs: 1000, now: () => clock });
    const models = createModelsSource({
      hubCacheDir: join(root, 'hub'),
      modelsDir,
      loadCatalog: async () => [],
      subFolderLocalDirs: subFolders,
    });

    const first = await models.installed();
    expect(first.map((model) => model.localFolder)).toEqual(['team/x']);
    // A download the server makes (directly under the models dir) shows at once, without a new walk.
    writeLocalDirDownload(join(modelsDir, 'x'));
    for (let request = 0; request < 5; request += 1) {
      expect((await models.installed()).map((model) => model.localFolder).sort()).toEqual(['team/x', 'x']);
    }
    expect(subFolders.walks()).toBe(1);

    // One deeper down appears after the next walk: when the kept one is stale, or when told (a job ended).
    writeLocalDirDownload(join(modelsDir, 'a1', 'b2', 'new'));
    clock = 999;
    expect(await subFolders.list()).toHaveLength(1);
    expect(subFolders.walks()).toBe(1);
    clock = 1000;
    expect(await subFolders.list()).toHaveLength(1);
    expect(await settle(subFolders)).toHaveLength(2);
    expect(subFolders.walks()).toBe(2);

    rmSync(join(modelsDir, 'team'), { recursive: true });
    subFolders.invalidate();
    await subFolders.list();
    expect(await settle(subFolders)).toEqual([join(modelsDir, 'a1', 'b2', 'new')]);
    expect(subFolders.walks()).toBe(3);
  });
});

describe('the model list', () => {
  it('shows every local dir by its folder, and not the models dir itself, the one local dir without one', async () => {
    writeLocalDirDownload(modelsDir);
    writeLocalDirDownload(join(modelsDir, 'x'));
    writeLocalDirDownload(join(modelsDir, 'team', 'y'));
    // `hubget ls` lists it, with no folder relative to itself.
    expect((await scanLocalDirs(modelsDir)).find((model) => model.path === modelsDir)).toMatchObject({
      location: 'local',
      localFolder: null,
    });
    const models = createModelsSource({
      hubCacheDir: join(root, 'hub'),
      modelsDir,
      loadCatalog: async () => [],
    });
    const installed = await models.installed();
    expect(installed.map((model) => model.localFolder).sort()).toEqual(['team/y', 'x']);
  });
});

describe('a walk that fails', () => {
  it('reports it, keeps the last result and walks again at the next call, not 30 s later', async () => {
    const team = join(modelsDir, 'team', 'x');
    let fail = false;
    let walks = 0;
    const errors: unknown[] = [];
    const subFolders = createSubFolderLocalDirs(modelsDir, {
      now: () => 0,
      find: async () => {
        walks += 1;
        if (fail) throw new Error('EIO');
        return [team];
      },
      onError: (error) => errors.push(error),
    });
    expect(await subFolders.list()).toEqual([team]);
    fail = true;
    subFolders.invalidate();
    expect(await subFolders.list()).toEqual([team]);
    await subFolders.idle();
    expect(walks).toBe(2);
    expect(errors.map((error) => (error as Error).message)).toEqual(['EIO']);
    // Failing again: walked again at the next call, not reported again (a warning per request otherwise).
    expect(await subFolders.list()).toEqual([team]);
    await subFolders.idle();
    expect([walks, errors.length]).toEqual([3, 1]);
    fail = false;
    expect(await settle(subFolders)).toEqual([team]);
    // The failed walk left the change pending: the call after it walked again at once.
    expect(walks).toBe(4);
  });
});
