/**
 * The order a resumed download takes its files in (src/transfer/transfer-order.ts): the files partly on disk first,
 * then the rest as a fresh download orders them. After Ctrl-C and the same command again, a fresh model-00003
 * started before the half-done model-00002, whose bytes the user had seen arrive.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDownload } from '../../src/transfer/plan-download.js';
import { missingInOrder } from '../../src/transfer/transfer-order.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { makeTempDir, removeDir, requestFor } from './download-fixtures.js';
import { blobsFolder, leavePartial } from './partial-files.js';

const REPO = { repoId: 'org/shards', repoType: 'model' as const };
/** Small files (below LARGE_FILE_BYTES): a fresh download starts them smallest first, 1 to 4. */
const FILES = [1, 2, 3, 4].map((n) => ({ path: `model-0000${n}.bin`, size: n * 10_000 }));

let hub: TestHub;
let repo: TestRepo;
const dirs: string[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: REPO.repoId, files: FILES });
});
afterAll(async () => {
  await hub.close();
  for (const dir of dirs) await removeDir(dir);
});

/** The order a download into a new cache takes the files in (missingInOrder of its plan), after `before`. */
async function startOrder(before: (cacheDir: string) => Promise<void> = async () => {}): Promise<string[]> {
  const cacheDir = await makeTempDir('resume-order');
  dirs.push(cacheDir);
  await before(cacheDir);
  const plan = await planDownload(requestFor(hub, REPO, { cacheDir }));
  return missingInOrder(plan.files).map(([first]) => first!.path);
}

describe('the order a download starts its files', () => {
  it('is smallest first for a fresh download (small files)', async () => {
    expect(await startOrder()).toEqual(FILES.map((file) => file.path));
  });

  it('takes the half-done file first when resumed, then the rest in the fresh order', async () => {
    const shard = 'model-00003.bin';
    const blob = repo.files.find((file) => file.path === shard)!.sha256;
    const order = await startOrder((cacheDir) =>
      leavePartial(
        join(blobsFolder(cacheDir, REPO), `${blob}.incomplete`),
        repo.contentOf(shard).subarray(0, 12_000),
      ),
    );
    expect(order).toEqual(['model-00003.bin', 'model-00001.bin', 'model-00002.bin', 'model-00004.bin']);
  });
});
