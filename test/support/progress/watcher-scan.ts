/**
 * What the external-watcher tests share: the blob names their files go by, a file put in place, and each
 * test's scan — fresh temp folders (watcher-folders.ts) and the watcher's clock.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createExternalWatcher } from '../../../src/progress/external-watcher.js';
import { type WatcherFolders, watcherFolders } from './watcher-folders.js';

export const SHA256_A = `${'a'.repeat(60)}0001`;
export const SHA256_B = `${'b'.repeat(60)}0002`;
export const SHA1_C = `${'c'.repeat(36)}0003`;
export const COMMIT = '1'.repeat(40);

/** A file of `bytes` bytes at `path`, its folders made. */
export function put(path: string, bytes: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes, 7));
  return path;
}

/** A test's folders and the clock its watcher reads (`now: () => scan.clock`); the test moves the clock on. */
export interface WatcherScan extends WatcherFolders {
  clock: number;
}

/**
 * Registers the hooks that give each test of the calling suite new folders under a temp root named `prefix…`
 * and a clock slightly ahead of the files' real mtimes (so first sight counts as recent activity), and remove
 * the root after it; the object returned holds the current test's.
 */
export function watcherScanPerTest(prefix: string): WatcherScan {
  const scan: WatcherScan = { root: '', hub: '', models: '', clock: 0 };
  beforeEach(() => {
    Object.assign(scan, watcherFolders(prefix));
    scan.clock = Date.now() + 100;
  });
  afterEach(() => rmSync(scan.root, { recursive: true, force: true }));
  return scan;
}

/**
 * Another program's download as most tests start it: one temp file (`SHA256_A`, 1000 bytes) in the blobs of
 * `repoFolder` in the scan's HF cache, and a watcher of that cache on the scan's clock that has scanned once
 * (`start`: what it listed first).
 */
export async function watchedTempFile(scan: WatcherScan, repoFolder: string) {
  const blobs = join(scan.hub, repoFolder, 'blobs');
  const temp = put(join(blobs, `${SHA256_A}.0badc0de.incomplete`), 1000);
  const watcher = createExternalWatcher({ hubCacheDir: scan.hub, now: () => scan.clock });
  const [start] = await watcher.tick();
  return { blobs, temp, watcher, start };
}
