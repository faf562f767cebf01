/**
 * Replacing a small file whole (a ref, a marker, a progress file, the token): the content goes to a sibling
 * temp file that is then renamed over the target, so a reader sees the old content or the new one, never a
 * torn write, and a crash leaves at most a `<name>.<8 hex>.tmp` beside it. The random part keeps two writers
 * of the same file (two processes, or two jobs) from sharing one temp file.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** 8 random hex digits (temp names: these files, and a download's `.incomplete`). */
export function randomTempSuffix(): string {
  // The first 8 hex digits of a v4 UUID are random; randomUUID draws from a cached batch of entropy, where
  // randomBytes asks OpenSSL once per call (a file each).
  return randomUUID().slice(0, 8);
}

/** The temp sibling `replaceFile` writes first. */
export function tempSiblingPath(path: string): string {
  return `${path}.${randomTempSuffix()}.tmp`;
}

/** Writes `data` to a temp sibling and renames it over `path`; the temp file is removed on failure. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const tempPath = tempSiblingPath(path);
  try {
    await writeFile(tempPath, data);
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * `replaceFile` without yielding, for a file created with exactly `mode` (the umask may narrow the
 * creation mode, e.g. to 0400, so it is set again before the rename).
 */
export function replaceFileSync(path: string, data: string, options: { mode: number }): void {
  const tempPath = tempSiblingPath(path);
  try {
    writeFileSync(tempPath, data, { mode: options.mode, flag: 'wx' });
    chmodSync(tempPath, options.mode);
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
}
