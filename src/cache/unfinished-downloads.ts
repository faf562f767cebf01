/**
 * Temp files of downloads that never finished, in a cached repo or a local dir: any program's (huggingface_hub
 * with or without hf_transfer / hf_xet, the JS client, hubget), recognised by the names of
 * src/progress/external-temp-names.ts. They show that a file was wanted and is not there, even when nothing
 * else (no listing of another program's download) says so. A temp file whose final file is there is the
 * left-over of an attempt a later one completed, and does not count: in a cached repo `blobs/<etag>`
 * exists; in a local dir the file whose `.metadata` beside the temp file names that etag exists.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { classifyTempName } from '../progress/external-temp-names.js';
import { localDownloadDir, shortHashOfPath } from './local-dir-layout.js';

const METADATA_SUFFIX = '.metadata';
const MAX_LOCAL_DEPTH = 32;

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

function isTempFile(entry: Dirent): boolean {
  return entry.isFile() && entry.name.endsWith('.incomplete') && classifyTempName(entry.name) !== null;
}

/** In a cached repo folder (`models--org--name`): its `blobs/`. */
export async function countUnfinishedInCachedRepo(repoDir: string): Promise<number> {
  const entries = await listDir(join(repoDir, 'blobs'));
  const names = new Set(entries.map((entry) => entry.name));
  return entries.filter((entry) => {
    if (!isTempFile(entry)) return false;
    const etag = classifyTempName(entry.name)?.etag;
    return etag === null || etag === undefined || !names.has(etag);
  }).length;
}

/** The etag a local file's `.metadata` records, when the file it describes is there. */
async function etagOfDownloadedFile(localDir: string, metadataPath: string): Promise<string | null> {
  const relativePath = relative(localDownloadDir(localDir), metadataPath).slice(0, -METADATA_SUFFIX.length);
  if (!(await isFile(join(localDir, relativePath)))) return null;
  try {
    const etag = (await readFile(metadataPath, 'utf8')).split('\n')[1]?.trim();
    return etag || null;
  } catch {
    return null;
  }
}

/** Is the temp file `name` in `folder` a left-over of a file that was downloaded since? */
async function isLeftOver(localDir: string, folder: string, name: string, metadataNames: string[]) {
  const info = classifyTempName(name);
  if (!info?.etag) return false;
  const metadataName =
    info.fileName !== null
      ? `${info.fileName}${METADATA_SUFFIX}`
      : metadataNames.find((candidate) =>
          name.startsWith(`${shortHashOfPath(candidate.slice(0, -METADATA_SUFFIX.length))}.`),
        );
  if (metadataName === undefined || !metadataNames.includes(metadataName)) return false;
  return (await etagOfDownloadedFile(localDir, join(folder, metadataName))) === info.etag;
}

/** In a local dir: anywhere under `.cache/huggingface/download/` (its sub-folders mirror the repo's). */
export async function countUnfinishedInLocalDir(localDir: string): Promise<number> {
  let count = 0;
  async function visit(folder: string, depth: number): Promise<void> {
    const entries = await listDir(folder);
    const metadataNames = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(METADATA_SUFFIX))
      .map((entry) => entry.name);
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (depth < MAX_LOCAL_DEPTH) await visit(join(folder, entry.name), depth + 1);
      } else if (isTempFile(entry) && !(await isLeftOver(localDir, folder, entry.name, metadataNames))) {
        count += 1;
      }
    }
  }
  await visit(localDownloadDir(localDir), 0);
  return count;
}
