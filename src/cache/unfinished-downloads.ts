/**
 * Temp files of downloads that never finished, in a cached repo or a local dir: any program's (huggingface_hub
 * with or without hf_transfer / hf_xet, the JS client, hubget), recognised by the names of
 * src/progress/external-temp-names.ts. They show that a file was wanted and is not there, even when nothing
 * else (no listing of another program's download) says so. A temp file whose final file is there is the
 * left-over of an attempt a later one completed, and does not count: in a cached repo `blobs/<etag>`
 * exists; in a local dir the file whose `.metadata` beside the temp file names that etag exists (the scan's
 * records of them, read once: local-dir-records.ts). A caller may also leave out the temp files of content it
 * names (`named`: etags), such as the files of a snapshot on disk that a run puts in place.
 */
import type { Dirent } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { besideItsBlob, classifyTempName, type TempNameInfo } from '../progress/external-temp-names.js';
import { dirEntries } from '../system/dir-entries.js';
import { storedBytes } from '../system/stored-bytes.js';
import { LOCAL_DOWNLOAD_MAX_DEPTH, localDownloadDir, shortHashOfPath } from './local-dir-layout.js';
import type { LocalDirRecord } from './local-dir-records.js';

/** Temp files of unfinished downloads: how many, and what they hold on disk (`du`'s figure: storedBytes). */
export interface Unfinished {
  files: number;
  bytes: number;
}

async function tally(paths: readonly string[]): Promise<Unfinished> {
  let bytes = 0;
  for (const path of paths) bytes += storedBytes(await lstat(path).catch(() => ({ size: 0, blocks: 0 })));
  return { files: paths.length, bytes };
}

/** What a temp file of an unfinished download is, by its name; null for any other entry. */
function tempInfo(entry: Dirent): TempNameInfo | null {
  return entry.isFile() && entry.name.endsWith('.incomplete') ? classifyTempName(entry.name) : null;
}

/** A temp file of content in `named` (etags) is not counted. */
function isNamed(info: TempNameInfo, named: ReadonlySet<string>): boolean {
  return info.etag !== null && named.has(info.etag);
}

const NONE: ReadonlySet<string> = new Set();

/** In a cached repo folder (`models--org--name`): its `blobs/`. */
export async function unfinishedInCachedRepo(
  repoDir: string,
  named: ReadonlySet<string> = NONE,
): Promise<Unfinished> {
  const blobs = join(repoDir, 'blobs');
  const entries = await dirEntries(blobs);
  const names = new Set(entries.map((entry) => entry.name));
  const temps = entries.filter((entry) => {
    const info = tempInfo(entry);
    return info !== null && !isNamed(info, named) && !besideItsBlob(info, names);
  });
  return tally(temps.map((entry) => join(blobs, entry.name)));
}

/**
 * Is the temp file `name` (`info`: what its name says) in the download folder's sub-folder `folder`
 * (`/`-separated, '' at its top) the left-over of a file that was downloaded since, at the etag the temp name
 * carries? `downloaded` says which files are there and at which etag (the scan's records, local-dir-records.ts).
 */
function isLeftOver(
  folder: string,
  name: string,
  info: TempNameInfo,
  downloaded: ReadonlyMap<string, string>,
): boolean {
  if (!info.etag) return false;
  const inFolder = (fileName: string) => (folder === '' ? fileName : `${folder}/${fileName}`);
  if (info.fileName !== null) return downloaded.get(inFolder(info.fileName)) === info.etag;
  // `{short hash of the file's name}.{etag}…`: the downloaded file of this folder whose name hashes so.
  for (const [path, etag] of downloaded) {
    if (posix.dirname(path) !== (folder === '' ? '.' : folder)) continue;
    if (name.startsWith(`${shortHashOfPath(path)}.`)) return etag === info.etag;
  }
  return false;
}

/**
 * In a local dir: anywhere under `.cache/huggingface/download/` (its sub-folders mirror the repo's).
 * `downloaded` is what the scan read of the dir's `.metadata` files (readLocalDirRecords), not read again.
 */
export async function unfinishedInLocalDir(
  localDir: string,
  downloaded: readonly LocalDirRecord[],
  named: ReadonlySet<string> = NONE,
): Promise<Unfinished> {
  const etagOfPath = new Map(downloaded.map((record) => [record.path, record.etag]));
  const downloadDir = localDownloadDir(localDir);
  const temps: string[] = [];
  async function visit(folder: string, depth: number): Promise<void> {
    const repoFolder = relative(downloadDir, folder).split(sep).join('/');
    for (const entry of await dirEntries(folder)) {
      if (entry.isDirectory()) {
        if (depth < LOCAL_DOWNLOAD_MAX_DEPTH) await visit(join(folder, entry.name), depth + 1);
        continue;
      }
      const info = tempInfo(entry);
      if (info && !isNamed(info, named) && !isLeftOver(repoFolder, entry.name, info, etagOfPath))
        temps.push(join(folder, entry.name));
    }
  }
  await visit(downloadDir, 0);
  return tally(temps);
}
