/**
 * Whether a download is writing into a cached repo right now, seen from outside the process that runs it
 * (the `hubget rm` command has no access to the server's jobs): a temp file (`*.incomplete`, any
 * downloader's, docs/cache-layout.md) or a hubget resume map (`*.hubget-ranges`) in the repo's `blobs/`
 * folder modified within ACTIVE_WRITE_WINDOW_MS. A running download writes both continuously (resume maps
 * at least every 500 ms); a paused or crashed one goes quiet and no longer counts.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RESUME_MAP_SUFFIX } from './cache-layout.js';

export const ACTIVE_WRITE_WINDOW_MS = 60_000;

export interface RecentTempFile {
  path: string;
  mtimeMs: number;
}

export async function recentTempFiles(
  repoDir: string,
  options: { windowMs?: number; now?: number } = {},
): Promise<RecentTempFile[]> {
  const windowMs = options.windowMs ?? ACTIVE_WRITE_WINDOW_MS;
  const now = options.now ?? Date.now();
  const blobs = join(repoDir, 'blobs');
  let names: string[];
  try {
    names = await readdir(blobs);
  } catch {
    return [];
  }
  const recent: RecentTempFile[] = [];
  for (const name of names) {
    if (!name.endsWith('.incomplete') && !name.endsWith(RESUME_MAP_SUFFIX)) continue;
    const path = join(blobs, name);
    try {
      const { mtimeMs } = await stat(path);
      if (now - mtimeMs <= windowMs) recent.push({ path, mtimeMs });
    } catch {
      // Finished and renamed meanwhile.
    }
  }
  return recent.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
