import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobId, linkSnapshotFile, writeCacheFile } from '../../test/support/cache/hub-cache-tree.js';
import { rejection } from '../../test/support/rejection.js';
import { deleteQuantFromCache, planQuantDeletion, quantPlanChanged } from './delete-quant.js';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const MODEL = { repoId: 'org/x-GGUF', repoType: 'model' } as const;

describe('deleting one GGUF quantization from the cache', () => {
  let cache: string;
  let repoDir: string;
  const snap = (commit: string, path: string) => join(repoDir, 'snapshots', commit, path);
  const blob = (n: number) => join(repoDir, 'blobs', blobId(n));
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'hubget-delete-quant-'));
    repoDir = join(cache, 'models--org--x-GGUF');
    for (const [n, size] of [
      [1, 100],
      [2, 10],
      [3, 300],
      [4, 310],
      [5, 320],
      [6, 50],
    ] as const) {
      writeCacheFile(blob(n), size);
    }
    // C1: Q4_K_M whole, Q8_0 split in 3 parts (the last one shared with C2), README, an mmproj.
    linkSnapshotFile(repoDir, C1, 'x-Q4_K_M.gguf', blobId(1));
    linkSnapshotFile(repoDir, C1, 'README.md', blobId(2));
    linkSnapshotFile(repoDir, C1, 'Q8_0/x-Q8_0-00001-of-00003.gguf', blobId(3));
    linkSnapshotFile(repoDir, C1, 'Q8_0/x-Q8_0-00002-of-00003.gguf', blobId(4));
    linkSnapshotFile(repoDir, C1, 'Q8_0/x-Q8_0-00003-of-00003.gguf', blobId(5));
    linkSnapshotFile(repoDir, C1, 'mmproj-x-f16.gguf', blobId(6));
    // C2 (another revision) still links the third part's content under another name.
    linkSnapshotFile(repoDir, C2, 'README.md', blobId(2));
    linkSnapshotFile(repoDir, C2, 'copy-of-part.bin', blobId(5));
    writeCacheFile(join(repoDir, 'refs', 'main'), C1);
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('removes every part of a split one and the blobs nothing else links to; shared files and blobs stay', async () => {
    const plan = await planQuantDeletion(cache, MODEL, 'q8_0');
    expect(plan).toMatchObject({ quant: 'Q8_0', commits: [C1], freedBytes: 610, remaining: ['Q4_K_M'] });
    expect(plan.files).toEqual([1, 2, 3].map((i) => snap(C1, `Q8_0/x-Q8_0-0000${i}-of-00003.gguf`)));
    expect(plan.blobs).toEqual([blob(3), blob(4)].sort());
    await deleteQuantFromCache(plan);
    for (const file of plan.files) expect(existsSync(file)).toBe(false);
    expect(existsSync(join(repoDir, 'snapshots', C1, 'Q8_0'))).toBe(false);
    expect(existsSync(blob(3)) || existsSync(blob(4))).toBe(false);
    // The blob another revision links to, the other quantization, README and the projector stay.
    expect(existsSync(blob(5))).toBe(true);
    expect(existsSync(snap(C2, 'copy-of-part.bin'))).toBe(true);
    for (const path of ['x-Q4_K_M.gguf', 'README.md', 'mmproj-x-f16.gguf']) {
      expect(existsSync(snap(C1, path))).toBe(true);
    }
    expect(existsSync(join(repoDir, 'refs', 'main'))).toBe(true);
  });

  it('keeps a blob another file of the same snapshot links to', async () => {
    linkSnapshotFile(repoDir, C1, 'x-F16.gguf', blobId(1));
    const plan = await planQuantDeletion(cache, MODEL, 'Q4_K_M');
    expect(plan).toMatchObject({ files: [snap(C1, 'x-Q4_K_M.gguf')], blobs: [], freedBytes: 0 });
  });

  it('refuses a quantization that is not on disk, naming those that are', async () => {
    const refused = await rejection(planQuantDeletion(cache, MODEL, 'Q6_K'));
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((refused as Error).message).toBe(
      'No quantization Q6_K of org/x-GGUF in the cache; on disk: Q4_K_M, Q8_0',
    );
    // An mmproj projector is no quantization.
    await expect(planQuantDeletion(cache, MODEL, 'mmproj')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('limits the deletion to the revisions asked for', async () => {
    linkSnapshotFile(repoDir, C2, 'x-Q4_K_M.gguf', blobId(1));
    const plan = await planQuantDeletion(cache, MODEL, 'Q4_K_M', [C2]);
    expect(plan).toMatchObject({
      commits: [C2],
      files: [snap(C2, 'x-Q4_K_M.gguf')],
      blobs: [],
      freedBytes: 0,
    });
    await expect(planQuantDeletion(cache, MODEL, 'Q8_0', [C2])).rejects.toThrow(
      'No quantization Q8_0 of org/x-GGUF in revision',
    );
  });

  it('sees a change since the plan was confirmed, and deletes nothing outside the repo', async () => {
    const confirmed = await planQuantDeletion(cache, MODEL, 'Q4_K_M');
    linkSnapshotFile(repoDir, C2, 'x-Q4_K_M.gguf', blobId(1));
    expect(quantPlanChanged(confirmed, await planQuantDeletion(cache, MODEL, 'Q4_K_M'))).toBe(true);
    const outside = join(cache, 'elsewhere');
    writeCacheFile(outside, 1);
    await expect(deleteQuantFromCache({ ...confirmed, blobs: [outside] })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(existsSync(outside)).toBe(true);
  });
});
