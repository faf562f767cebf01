import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLocalDirDownload } from '../../test/support/cache/local-dir-download.js';
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
    expect(await subFolders.list()).toEqual([join(modelsDir, 'a1', 'b2', 'new')]);
    expect(subFolders.walks()).toBe(3);
  });

  it('answers the first call, and the first after a change, from a walk that started after it', async () => {
    const subFolders = createSubFolderLocalDirs(modelsDir);
    writeLocalDirDownload(join(modelsDir, 'team', 'x'));
    expect(await subFolders.list()).toEqual([join(modelsDir, 'team', 'x')]);

    // A job wrote into a sub-folder and ended: the very next call has it.
    writeLocalDirDownload(join(modelsDir, 'team', 'y'));
    expect(await subFolders.list()).toHaveLength(1);
    subFolders.invalidate();
    expect((await subFolders.list()).sort()).toEqual([
      join(modelsDir, 'team', 'x'),
      join(modelsDir, 'team', 'y'),
    ]);
    expect(subFolders.walks()).toBe(2);
    // Then back to the kept result, without a walk per call.
    await subFolders.list();
    expect(subFolders.walks()).toBe(2);
  });
});

/** A walk the test ends by hand: `finish(dirs)` ends the oldest one still under way. */
function manualWalks() {
  const pending: ((dirs: string[]) => void)[] = [];
  return {
    find: () => new Promise<string[]>((resolve) => pending.push(resolve)),
    underWay: () => pending.length,
    finish: (dirs: string[]) => pending.shift()?.(dirs),
  };
}

describe('waiting for a walk', () => {
  it('waits for a walk begun after the change, not one under way since before it', async () => {
    let clock = 0;
    const walks = manualWalks();
    const subFolders = createSubFolderLocalDirs(modelsDir, {
      refreshEveryMs: 10,
      now: () => clock,
      find: walks.find,
    });
    const first = subFolders.list();
    walks.finish([join(modelsDir, 'team', 'old')]);
    expect(await first).toEqual([join(modelsDir, 'team', 'old')]);

    // A stale result starts a background walk; an ordinary call does not wait for it.
    clock = 10;
    expect(await subFolders.list()).toEqual([join(modelsDir, 'team', 'old')]);
    expect(walks.underWay()).toBe(1);

    // A job ends while that walk is under way: the next calls wait for the walk after it.
    subFolders.invalidate();
    let answered: string[] | undefined;
    const next = subFolders.list().then((dirs) => {
      answered = dirs;
      return dirs;
    });
    const alongside = subFolders.list();
    walks.finish([join(modelsDir, 'team', 'old')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBeUndefined();
    expect(walks.underWay()).toBe(1);
    walks.finish([join(modelsDir, 'team', 'new')]);
    expect(await next).toEqual([join(modelsDir, 'team', 'new')]);
    expect(await alongside).toEqual([join(modelsDir, 'team', 'new')]);
    expect(subFolders.walks()).toBe(3);
  });

  it('answers from the kept result when the walk after a change takes longer than it waits', async () => {
    const walks = manualWalks();
    const subFolders = createSubFolderLocalDirs(modelsDir, { waitAtMostMs: 0, find: walks.find });
    const first = subFolders.list();
    walks.finish([join(modelsDir, 'team', 'old')]);
    expect(await first).toEqual([join(modelsDir, 'team', 'old')]);
    subFolders.invalidate();
    expect(await subFolders.list()).toEqual([join(modelsDir, 'team', 'old')]);
    walks.finish([join(modelsDir, 'team', 'new')]);
    await subFolders.idle();
    expect(await subFolders.list()).toEqual([join(modelsDir, 'team', 'new')]);
  });
});
