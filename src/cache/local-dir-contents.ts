/**
 * What in a local-dir download folder the downloads wrote (docs/cache-layout.md, "Deleting a local dir"):
 * the files with a `.cache/huggingface/download/<path>.metadata` record (hubget's and huggingface_hub's own)
 * and the bookkeeping folder itself. Anything else in the folder is the user's (`hf download --local-dir .`
 * into a project folder is common) and is left where it is by a deletion.
 */
import { lstat, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { localBookkeepingDir } from './local-dir-layout.js';
import { recordedPaths } from './local-dir-records.js';

export interface LocalDirContents {
  /** Files and links a download wrote (absolute paths), with their sizes. */
  downloaded: { path: string; bytes: number }[];
  /** Paths relative to the folder (`/`-separated) of the files and links no download wrote. */
  others: string[];
}

/** Every entry under `dir` that is not a folder (links are not followed), relative to `root`. */
async function* entriesUnder(
  root: string,
  dir: string,
  skip: string,
): AsyncGenerator<{ path: string; name: string; bytes: number }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    if (entry.isDirectory()) yield* entriesUnder(root, path, skip);
    else {
      const bytes = entry.isFile() ? ((await lstat(path).catch(() => null))?.size ?? 0) : 0;
      yield { path, name: relative(root, path).split(sep).join(posix.sep), bytes };
    }
  }
}

export async function localDirContents(localDir: string): Promise<LocalDirContents> {
  const bookkeeping = localBookkeepingDir(localDir);
  const recorded = await recordedPaths(localDir);
  const contents: LocalDirContents = {
    downloaded: [],
    others: [],
  };
  for await (const entry of entriesUnder(localDir, localDir, bookkeeping)) {
    if (recorded.has(entry.name)) contents.downloaded.push({ path: entry.path, bytes: entry.bytes });
    else contents.others.push(entry.name);
  }
  return contents;
}

/** Each folder from `path`'s parent up to `root` (both included), deepest first. */
function foldersUpTo(root: string, path: string): string[] {
  const folders: string[] = [];
  for (let dir = dirname(path); dir.length >= root.length && dir !== dirname(dir); dir = dirname(dir)) {
    folders.push(dir);
    if (dir === root) break;
  }
  return folders;
}

/**
 * Deletes what the downloads wrote: the recorded files, the bookkeeping folder, then the folders this left
 * empty, up to and including the download folder itself when nothing of the user's is in it (a folder that
 * was empty before, or holds anything else, stays). Links are removed, never followed.
 */
export async function removeDownloadedContents(localDir: string, contents: LocalDirContents): Promise<void> {
  for (const file of contents.downloaded) await unlink(file.path).catch(ignoreMissing);
  const bookkeeping = localBookkeepingDir(localDir);
  await rm(bookkeeping, { recursive: true, force: true });
  const emptied = new Set<string>(foldersUpTo(localDir, bookkeeping));
  for (const file of contents.downloaded)
    for (const dir of foldersUpTo(localDir, file.path)) emptied.add(dir);
  // Deepest first, so a folder's emptied sub-folders are gone before it is tried.
  for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
    await rmdir(dir).catch(() => undefined);
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
