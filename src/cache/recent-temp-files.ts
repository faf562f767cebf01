/**
 * Whether a download is writing into a cached repo or a local dir right now, seen from outside the process
 * that runs it (`hubget rm` cannot ask another process): a temp file (`*.incomplete`, any downloader's,
 * docs/cache-layout.md) or a hubget resume map (`*.hubget-ranges`) modified within ACTIVE_WRITE_WINDOW_MS —
 * in a cached repo's `blobs/` folder, in a local dir anywhere under `.cache/huggingface/download/` (its
 * sub-folders mirror the repo's). A running download writes both continuously (resume maps at least every
 * 500 ms); a paused or crashed one goes quiet and no longer counts.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RESUME_MAP_SUFFIX } from './cache-layout.js';
import { localDownloadDir } from './local-dir-layout.js';

export const ACTIVE_WRITE_WINDOW_MS = 60_000;

export interface RecentTempFile {
  path: string;
  mtimeMs: number;
}

export interface RecentTempFilesOptions {
  windowMs?: number;
  now?: number;
}

/** In a cached repo (`repoDir` = `models--org--name`). */
export function recentTempFiles(
  repoDir: string,
  options: RecentTempFilesOptions = {},
): Promise<RecentTempFile[]> {
  return recentIn(join(repoDir, 'blobs'), 0, options);
}

/** In a local-dir download. */
export function recentLocalDirTempFiles(
  localDir: string,
  options: RecentTempFilesOptions = {},
): Promise<RecentTempFile[]> {
  return recentIn(localDownloadDir(localDir), MAX_LOCAL_DEPTH, options);
}

/** How deep the sub-folders of a local dir's `download/` folder are searched. */
const MAX_LOCAL_DEPTH = 32;

async function recentIn(
  dir: string,
  maxDepth: number,
  options: RecentTempFilesOptions,
): Promise<RecentTempFile[]> {
  const windowMs = options.windowMs ?? ACTIVE_WRITE_WINDOW_MS;
  const now = options.now ?? Date.now();
  const recent: RecentTempFile[] = [];
  async function visit(folder: string, depth: number): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await visit(path, depth + 1);
        continue;
      }
      if (!entry.name.endsWith('.incomplete') && !entry.name.endsWith(RESUME_MAP_SUFFIX)) continue;
      try {
        const { mtimeMs } = await stat(path);
        if (now - mtimeMs <= windowMs) recent.push({ path, mtimeMs });
      } catch {
        // Finished and renamed meanwhile.
      }
    }
  }
  await visit(dir, 0);
  return recent.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
