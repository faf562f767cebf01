/**
 * The temp files of downloads in a cached repo or a local dir written within ACTIVE_WRITE_WINDOW_MS: any
 * downloader's `*.incomplete` (docs/cache-layout.md) — in a cached repo's `blobs/` folder, in a local dir
 * anywhere under `.cache/huggingface/download/` (its sub-folders mirror the repo's). A temp file with a
 * hubget resume map beside it (`*.hubget-ranges`) is hubget's, and its last write is the later of the two
 * (a running hubget download rewrites its maps every 500 ms).
 *
 * Whether such a file means a download is still running is decided elsewhere (src/transfer/downloads-here.ts):
 * hubget's own temp files by the claims of the run that owns them, whatever their age; the time of the last
 * write only for a temp file no hubget run claims, another program's.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RESUME_MAP_SUFFIX } from './cache-layout.js';
import { LOCAL_DOWNLOAD_MAX_DEPTH, localDownloadDir } from './local-dir-layout.js';

export const ACTIVE_WRITE_WINDOW_MS = 60_000;

const TEMP_SUFFIX = '.incomplete';

export interface RecentTempFile {
  path: string;
  /** The last write: the temp file's mtime, or its resume map's when later. */
  mtimeMs: number;
  /** A hubget resume map is beside it: hubget wrote it. */
  hasResumeMap: boolean;
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
  return recentIn(localDownloadDir(localDir), LOCAL_DOWNLOAD_MAX_DEPTH, options);
}

/** The mtime of `path`, undefined when it is gone (finished and renamed meanwhile). */
async function mtimeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => info.mtimeMs,
    () => undefined,
  );
}

async function recentIn(
  dir: string,
  maxDepth: number,
  options: RecentTempFilesOptions,
): Promise<RecentTempFile[]> {
  const windowMs = options.windowMs ?? ACTIVE_WRITE_WINDOW_MS;
  const now = options.now ?? Date.now();
  const recent: RecentTempFile[] = [];
  async function visit(folder: string, depth: number): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await visit(path, depth + 1);
        continue;
      }
      if (!entry.name.endsWith(TEMP_SUFFIX)) continue;
      const tempMtime = await mtimeOf(path);
      if (tempMtime === undefined) continue;
      const hasResumeMap = names.has(`${entry.name}${RESUME_MAP_SUFFIX}`);
      const mapMtime = hasResumeMap ? await mtimeOf(`${path}${RESUME_MAP_SUFFIX}`) : undefined;
      const mtimeMs = Math.max(tempMtime, mapMtime ?? 0);
      if (now - mtimeMs <= windowMs) recent.push({ path, mtimeMs, hasResumeMap });
    }
  }
  await visit(dir, 0);
  return recent.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
