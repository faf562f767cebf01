/**
 * The test hub with one small repo of a config and a 400 kB weights file, started for a test file (its hooks
 * registered where this is called), faults and the request log reset before each test: the set-up of the tests
 * of two runs of one repo at once and of another program's partial download.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { tempDirs } from './download-fixtures.js';

export const WEIGHTS = 'weights.bin';
export const WEIGHTS_SIZE = 400_000;
/** One connection per file: a paced file is one stream, and the bytes served are exactly the ranges asked for. */
export const ONE_STREAM = { connectionsPerFile: 1 };

export interface WeightsRepo {
  readonly hub: TestHub;
  readonly repo: TestRepo;
  readonly dirs: ReturnType<typeof tempDirs>;
  /** Every file of the repo is in `folder` with its content. */
  expectContent(folder: string): Promise<void>;
}

export function weightsRepo(repoId: string, tempName: string): WeightsRepo {
  let hub: TestHub | undefined;
  let repo: TestRepo | undefined;
  const dirs = tempDirs(tempName);
  beforeAll(async () => {
    hub = await startTestHub();
    repo = await hub.addRepo({
      repoId,
      files: [
        { path: 'config.json', content: '{"a":1}' },
        { path: WEIGHTS, size: WEIGHTS_SIZE },
      ],
    });
  });
  afterAll(async () => {
    await hub?.close();
    await dirs.removeAll();
  });
  beforeEach(() => {
    hub?.resetFaults();
    hub?.clearRequests();
  });
  return {
    get hub() {
      if (!hub) throw new Error('the test hub starts in beforeAll');
      return hub;
    },
    get repo() {
      if (!repo) throw new Error('the test repo is added in beforeAll');
      return repo;
    },
    dirs,
    async expectContent(folder) {
      if (!repo) throw new Error('the test repo is added in beforeAll');
      for (const file of repo.files) {
        const content = await readFile(join(folder, file.path));
        expect(content.equals(repo.contentOf(file.path)), file.path).toBe(true);
      }
    },
  };
}
