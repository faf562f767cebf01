/**
 * Where the file system refuses a hard link (the other repo's folder on another disk: EXDEV; the kernel's protected
 * hard links or another user's file: EPERM), a fork's blob is copied and verified as before
 * (src/transfer/link-other-repo-blob.ts), its content hashed once: the hash made of the other repo's blob for the link
 * stands for the copy (the copy is not hashed again). `link` is made to fail here, and the bytes read through file
 * handles (how hash-file.ts reads) are counted; everything else is the real file system.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blobPath, cacheRepoLayout } from '../../src/cache/cache-layout.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { addBaseAndFork, BASE, FORK } from './fork-repos.js';

const refusal = vi.hoisted(() => ({
  code: 'EXDEV',
  copyFails: undefined as string | undefined,
  /** The copy comes out damaged, and the source was written meanwhile (its times change). */
  damagedWhileWritten: false,
}));
/** Bytes read through file handles, by path: a hash reads a file whole this way. */
const reads = vi.hoisted(() => new Map<string, number>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const link = async () => {
    throw Object.assign(new Error(`${refusal.code}: link refused`), { code: refusal.code });
  };
  const open: typeof actual.open = async (...args) => {
    const handle = await actual.open(...args);
    const read = handle.read.bind(handle) as (...readArgs: unknown[]) => Promise<{ bytesRead: number }>;
    const path = String(args[0]);
    Object.assign(handle, {
      read: async (...readArgs: unknown[]) => {
        const done = await read(...readArgs);
        reads.set(path, (reads.get(path) ?? 0) + done.bytesRead);
        return done;
      },
    });
    return handle;
  };
  // A disk that fills during the copy (`copyFails`: ENOSPC).
  const copyFile: typeof actual.copyFile = async (source, target, mode) => {
    if (refusal.damagedWhileWritten) {
      await actual.copyFile(source, target, mode);
      const handle = await actual.open(target, 'r+');
      await handle.write(Buffer.from([0xff, 0x00, 0xff]), 0, 3, 0).finally(() => handle.close());
      const later = new Date(Date.now() + 5_000);
      await actual.utimes(source, later, later);
      return;
    }
    if (refusal.copyFails === undefined) return actual.copyFile(source, target, mode);
    throw Object.assign(new Error(`${refusal.copyFails}: no space left on device, copyfile`), {
      code: refusal.copyFails,
      path: String(target),
    });
  };
  return {
    ...actual,
    default: { ...actual, link, open, copyFile },
    link,
    open,
    copyFile,
  };
});

/** Bytes read of the files named by `blobId` (the other repo's blob, this repo's temp file and blob). */
const bytesReadOf = (blobId: string) =>
  [...reads].reduce((sum, [path, bytes]) => sum + (path.includes(blobId) ? bytes : 0), 0);

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
    it(`(${code}) leaves a verified copy instead, nothing fetched, the content hashed once`, async () => {
      refusal.code = code;
      const cacheDir = await dirs.make();
      await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
      hub.clearRequests();
      reads.clear();
      const result = await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));

      const blobId = base.files.find((file) => file.path === 'weights.bin')!.sha256;
      // One read of the content: the other repo's blob, hashed for the link; the copy is not read again.
      expect(bytesReadOf(blobId)).toBe(SIZE);
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

  it('copied where the disk has no room for it after all, fails DISK_FULL and loses nothing', async () => {
    // The plan counted the weights as linked (no room needed); the link is refused and the copy finds the disk full.
    refusal.code = 'EXDEV';
    const cacheDir = await dirs.make();
    await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
    refusal.copyFails = 'ENOSPC';
    try {
      const run = downloadModel(
        requestFor(hub, BASE, { cacheDir }),
        testOptions([], { freeBytes: async () => 1_000 }),
      );
      await expect(run).rejects.toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringMatching(/^No space left on device at \//),
      });
    } finally {
      refusal.copyFails = undefined;
    }
    const blobId = base.files.find((file) => file.path === 'weights.bin')!.sha256;
    // The other repo's blob whole; no temp file of the copy left behind in this repo's folder.
    const theirs = await readFile(blobPath(cacheRepoLayout(cacheDir, FORK), blobId));
    expect(theirs.equals(base.contentOf('weights.bin'))).toBe(true);
    const blobs = await readdir(join(cacheRepoLayout(cacheDir, BASE).repoDir, 'blobs')).catch(() => []);
    expect(blobs.filter((name) => name.startsWith(blobId))).toEqual([]);
  });

  it('hashes the copy when the other repo’s blob changed after its hash: a damaged copy is never committed', async () => {
    refusal.code = 'EPERM';
    const cacheDir = await dirs.make();
    await downloadModel(requestFor(hub, FORK, { cacheDir }), testOptions([]));
    hub.clearRequests();
    refusal.damagedWhileWritten = true;
    try {
      await downloadModel(requestFor(hub, BASE, { cacheDir }), testOptions([]));
    } finally {
      refusal.damagedWhileWritten = false;
    }
    // The copy failed its hash: the file was fetched, and this repo's blob holds the content.
    expect(hub.bytesServed(`${BASE.repoId}/weights.bin`)).toBe(SIZE);
    const blobId = base.files.find((file) => file.path === 'weights.bin')!.sha256;
    const ours = await readFile(blobPath(cacheRepoLayout(cacheDir, BASE), blobId));
    expect(ours.equals(base.contentOf('weights.bin'))).toBe(true);
  });
});
