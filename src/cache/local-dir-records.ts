/**
 * The files a local dir's downloads recorded (docs/hub-disk-layout.md §3.12): each
 * `.cache/huggingface/download/<path>.metadata` (hubget's and huggingface_hub's: `commit\netag\ntimestamp\n`).
 * `recordedPaths` is every path a metadata file names, as written (the deletion, local-dir-contents.ts, takes
 * each such file as the download's); `readLocalDirRecords` those whose metadata names a commit and whose real
 * file `<localDir>/<path>` is there, with the file's size (the scan, scan-local-dirs.ts, and offline planning,
 * src/transfer/offline-snapshot.ts). Whether a file is *present* for a given listing (size, etag, mtime rule)
 * is file-presence.ts's question, not this one's.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';
import { localDownloadDir } from './local-dir-layout.js';
import { parseLocalMetadata } from './local-dir-metadata.js';

export const METADATA_SUFFIX = '.metadata';
/** Sub-folders of the download folder followed at most (a repo's own folder depth). */
export const MAX_RECORD_DEPTH = 32;

export interface LocalDirRecord {
  /** The file's path in the repo, `/`-separated. */
  path: string;
  commit: string;
  /** The blob id the metadata names (its second line). */
  etag: string;
  bytes: number;
  mtimeMs: number;
}

/** Each metadata file under `download/` with the repo path it names (`a/b.bin`, `/`-separated). */
async function metadataFiles(localDir: string): Promise<{ metadataPath: string; path: string }[]> {
  const downloadDir = localDownloadDir(localDir);
  const found: { metadataPath: string; path: string }[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const metadataPath = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_RECORD_DEPTH) await walk(metadataPath, depth + 1);
      } else if (entry.isFile() && entry.name.endsWith(METADATA_SUFFIX)) {
        const path = relative(downloadDir, metadataPath).slice(0, -METADATA_SUFFIX.length);
        found.push({ metadataPath, path: path.split(sep).join('/') });
      }
    }
  }
  await walk(downloadDir, 0);
  return found;
}

export async function recordedPaths(localDir: string): Promise<Set<string>> {
  return new Set((await metadataFiles(localDir)).map((file) => file.path));
}

export async function readLocalDirRecords(localDir: string): Promise<LocalDirRecord[]> {
  const records: LocalDirRecord[] = [];
  for (const { metadataPath, path } of await metadataFiles(localDir)) {
    try {
      const [text, stats] = await Promise.all([
        readFile(metadataPath, 'utf8'),
        lstat(join(localDir, ...path.split('/'))),
      ]);
      // An empty or malformed record (its write cut short by a full disk) is none.
      const record = parseLocalMetadata(text);
      if (!stats.isFile() || !record || !isFullCommit(record.commit)) continue;
      records.push({
        path,
        commit: record.commit,
        etag: record.etag,
        bytes: stats.size,
        mtimeMs: stats.mtimeMs,
      });
    } catch {
      // Metadata without its file (deleted by hand, or mid-download): nothing downloaded there.
    }
  }
  return records;
}
