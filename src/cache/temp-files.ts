/**
 * Choosing the temp file for a download. hubget's temp names carry a random 8-hex part (docs/hub-disk-layout.md
 * §3.8, ≥1.18 shape); to resume, a temp file with the same prefix that has a resume-map sidecar is reused.
 * A temp file without a sidecar is not ours (or not resumable) and is left alone.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isTempAttempt } from '../hub/hex-ids.js';
import { randomTempSuffix } from '../replace-file.js';
import { RESUME_MAP_SUFFIX } from './cache-layout.js';

const TEMP_SUFFIX = '.incomplete';

export interface TempFile {
  tempPath: string;
  resumeMapPath: string;
  /** True when an existing temp file with a sidecar was found. */
  resumed: boolean;
}

/**
 * Existing `{prefix}.<8 hex>.incomplete` files next to `prefix` that have a sidecar, newest first.
 * `prefix` is a full path without the random part, e.g. `…/blobs/<blobId>`.
 */
export async function findResumableTemps(prefix: string): Promise<TempFile[]> {
  return resumableOf(await attemptsOf(prefix));
}

/** The attempts with a resume map, newest first (from a listing the caller made: attemptsOf). */
export async function resumableOf(attempts: readonly Attempt[]): Promise<TempFile[]> {
  const found: { file: TempFile; mtimeMs: number }[] = [];
  for (const { tempPath, hasMap } of attempts) {
    if (!hasMap) continue;
    try {
      const info = await stat(tempPath);
      found.push({
        file: { tempPath, resumeMapPath: `${tempPath}${RESUME_MAP_SUFFIX}`, resumed: true },
        mtimeMs: info.mtimeMs,
      });
    } catch {
      // Vanished between readdir and stat (another process committed it): not resumable.
    }
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs).map((entry) => entry.file);
}

/** A `{prefix}.<8 hex>.incomplete` file, and whether a resume map is beside it. */
export interface Attempt {
  tempPath: string;
  hasMap: boolean;
}

/** The `{prefix}.<8 hex>.incomplete` files next to `prefix`, from one listing of its folder. */
export async function attemptsOf(prefix: string): Promise<Attempt[]> {
  const folder = dirname(prefix);
  const base = basename(prefix);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const nameSet = new Set(names);
  return names
    .filter((name) => {
      if (!name.startsWith(`${base}.`) || !name.endsWith(TEMP_SUFFIX)) return false;
      return isTempAttempt(name.slice(base.length + 1, -TEMP_SUFFIX.length));
    })
    .map((name) => ({ tempPath: join(folder, name), hasMap: nameSet.has(`${name}${RESUME_MAP_SUFFIX}`) }));
}

/**
 * What a cancel deletes for `prefix`, from one listing of its folder: the resumable temp files (with their
 * maps), and those without a resume map that are empty and were not written for `idleMs`: a download that
 * died before its first byte, whoever ran it (a hubget run killed while the file waited for its turn leaves
 * one: it opens the file before its fetch slot). Nothing in those is lost by deleting them.
 */
export async function findCancellableTemps(
  prefix: string,
  idleMs: number,
): Promise<{ resumable: TempFile[]; deadEmpty: string[] }> {
  const attempts = await attemptsOf(prefix);
  const nowMs = Date.now();
  const deadEmpty: string[] = [];
  for (const { tempPath, hasMap } of attempts) {
    if (hasMap) continue;
    const info = await stat(tempPath).catch(() => undefined);
    if (info?.isFile() && info.size === 0 && nowMs - info.mtimeMs > idleMs) deadEmpty.push(tempPath);
  }
  return { resumable: await resumableOf(attempts), deadEmpty };
}

/** Reuse the newest resumable temp file for `prefix`, or name a fresh one (not created here). */
export async function chooseTempFile(prefix: string): Promise<TempFile> {
  const [existing] = await findResumableTemps(prefix);
  return existing ?? freshTempFile(prefix);
}

/** The prefix a temp file was named for (`…/blobs/<blobId>` of `…/blobs/<blobId>.<8 hex>.incomplete`). */
export function tempFilePrefix(tempPath: string): string {
  const attempt = tempPath.lastIndexOf('.', tempPath.length - TEMP_SUFFIX.length - 1);
  return attempt < 0 ? tempPath : tempPath.slice(0, attempt);
}

/** A new temp file name for `prefix` (not created here), for when nothing is there to resume. */
export function freshTempFile(prefix: string): TempFile {
  const tempPath = `${prefix}.${randomTempSuffix()}${TEMP_SUFFIX}`;
  return { tempPath, resumeMapPath: `${tempPath}${RESUME_MAP_SUFFIX}`, resumed: false };
}
