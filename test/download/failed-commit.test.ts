/**
 * A verified file the commit cannot put in place (a file in the way of its folder, a folder where its blob goes):
 * the run fails with IO_ERROR, and the temp file stays with a resume map recording all of it
 * (src/transfer/commit-planned-file.ts). Without that map it read as another program's stalled download in the
 * web UI (docs/external-downloads.md) and a retry fetched it again.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeMapPathOf } from '../../src/cache/cache-layout.js';
import { isHubgetError } from '../../src/errors.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { readResumeMap } from '../../src/transfer/resume-map.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { fileRequests, listTree, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/quant', repoType: 'model' as const };
const WEIGHTS = 'IQ4_XS/w.gguf';
const SIZE = 40_000;

let hub: TestHub;
let repo: TestRepo;
const dirs = tempDirs('failed-commit');

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: WEIGHTS, size: SIZE },
    ],
  });
});
afterAll(async () => {
  await hub.close();
  await dirs.removeAll();
});

/** The `.incomplete` files under `root`, absolute. */
async function tempFilesUnder(root: string): Promise<string[]> {
  return (await listTree(root))
    .filter((path) => path.endsWith('.incomplete'))
    .map((path) => join(root, path));
}

/** Runs the download that the obstacle fails; then, the obstacle gone, again: what the second run fetched. */
async function failThenRerun(
  request: Parameters<typeof requestFor>[2],
  obstacle: { make: () => Promise<void>; path: string },
  tempsRoot: () => string,
) {
  await obstacle.make();
  const error = await downloadModel(requestFor(hub, REPO, request), testOptions()).catch(
    (caught: unknown) => caught,
  );
  expect(isHubgetError(error, 'IO_ERROR'), String(error)).toBe(true);
  const temps = await tempFilesUnder(tempsRoot());
  expect(temps).toHaveLength(1);
  // All of it is on disk, verified, and its map says so.
  expect(await readResumeMap(resumeMapPathOf(temps[0]!))).toEqual({
    size: SIZE,
    doneBytes: SIZE,
    ranges: [[0, SIZE]],
  });

  await rm(obstacle.path, { recursive: true });
  hub.clearRequests();
  const again = await downloadModel(requestFor(hub, REPO, request), testOptions());
  expect(again.downloadedBytes).toBe(0);
  expect(fileRequests(hub).filter((entry) => entry.path.includes('w.gguf'))).toEqual([]);
  expect(await tempFilesUnder(tempsRoot())).toEqual([]);
}

describe('a verified file the commit cannot put in place', () => {
  it('local dir: a file in the way of its folder; kept whole with its map, the retry fetches nothing', async () => {
    const localDir = await dirs.make();
    const obstacle = join(localDir, 'IQ4_XS');
    await failThenRerun(
      { localDir, cacheDir: await dirs.make() },
      { make: () => writeFile(obstacle, 'in the way'), path: obstacle },
      () => join(localDir, '.cache', 'huggingface', 'download'),
    );
  });

  it('HF cache: a folder where its blob goes; kept whole with its map, the retry fetches nothing', async () => {
    const cacheDir = await dirs.make();
    const blobs = join(cacheDir, 'models--org--quant', 'blobs');
    const file = repo.files.find((candidate) => candidate.path === WEIGHTS)!;
    const obstacle = join(blobs, file.sha256);
    await failThenRerun(
      { cacheDir },
      {
        make: async () => {
          await mkdir(join(obstacle, 'x'), { recursive: true });
        },
        path: obstacle,
      },
      () => blobs,
    );
    expect((await readdir(blobs)).sort()).toEqual(repo.files.map(blobIdOf).sort());
  });
});

function blobIdOf(file: TestRepo['files'][number]): string {
  return file.lfs ? file.sha256 : file.gitSha1;
}
