/**
 * Where the file system refuses a hard link (the other repo's folder on another disk: EXDEV; the kernel's protected
 * hard links or another user's file: EPERM), a fork's blob is copied and verified as before
 * (src/transfer/link-other-repo-blob.ts). `link` is made to fail here; everything else is the real file system.
 */
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blobPath, cacheRepoLayout } from '../../src/cache/cache-layout.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { addBaseAndFork, BASE, FORK } from './fork-repos.js';

const refusal = vi.hoisted(() => ({ code: 'EXDEV' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const link = async () => {
    throw Object.assign(new Error(`${refusal.code}: link refused`), { code: refusal.code });
  };
  return { ...actual, default: { ...actual, link }, link };
});

const SIZE = 200_000;

let hub: TestHub;
let base: TestRepo;
const dirs = tempDirs('other-repo-blob-link-refused');

beforeAll(async () => {
  hub = await startTestHub();
  base = await addBaseAndFork(hub, [{ path: 'weights.bin', size: SIZE }], [['weights.bin', 'model.bin']]);
});
afterAll(async () => {
  await hub?.close();
  await dirs.removeAll();
});

describe('a hard link the file system refuses', () => {
  for (const code of ['EXDEV', 'EPERM']) {
    it(`(${code}) leaves a verified copy instead, nothing fetched`, async () => {
      refusal.code = code;
      const cacheDir = await dirs.make();
      await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
      hub.clearRequests();
      const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

      const blobId = base.files.find((file) => file.path === 'weights.bin')!.sha256;
      const [ours, theirs] = await Promise.all([
        stat(blobPath(cacheRepoLayout(cacheDir, BASE), blobId)),
        stat(blobPath(cacheRepoLayout(cacheDir, FORK), blobId)),
      ]);
      expect(ours.ino).not.toBe(theirs.ino);
      expect(ours.size).toBe(SIZE);
      expect(hub.bytesServed(`${BASE.repoId}/weights.bin`)).toBe(0);
      expect(result.copiedBytes).toBe(SIZE);
    });
  }
});
