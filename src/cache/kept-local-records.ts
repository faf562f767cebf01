/**
 * The blob id each `.metadata` record of a local dir names (the files local-dir-records.ts walks), read through
 * the process's kept reads (src/system/kept-reads.ts): asked again, a record or folder of the download folder
 * whose stamp is unchanged costs one `stat`, not an open, a read and a parse, and a folder is listed again only
 * once an entry came or went. What LocalCopies (src/transfer/local-dir-copies.ts) looks other local dirs' files
 * up by, for the model page, `hubget info` and a plan into the cache.
 *
 * A record counts when it parses and names a full commit, as readLocalDirRecords counts it; its real file is not
 * looked at here: whoever takes a file checks it (localFileIsPresent: size, the same blob id, the mtime rule).
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';
import { KEPT_READS, type KeptReads, type PathReader } from '../system/kept-reads.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from '../transfer/map-bounded.js';
import { localDownloadDir } from './local-dir-layout.js';
import { parseLocalMetadata } from './local-dir-metadata.js';
import { MAX_RECORD_DEPTH, METADATA_SUFFIX } from './local-dir-records.js';

/** A record of a local dir: the repo path it is of (`a/b.bin`) and the blob id it names. */
export interface RecordedBlob {
  path: string;
  etag: string;
}

/** A folder of the download folder: its sub-folders and its records (file names). */
interface DownloadFolder {
  folders: string[];
  records: string[];
}

const DOWNLOAD_FOLDER: PathReader<DownloadFolder> = {
  kind: 'local-dir-download-folder',
  async read(folder) {
    const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
    return {
      folders: entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
      records: entries
        .filter((entry) => entry.isFile() && entry.name.endsWith(METADATA_SUFFIX))
        .map((entry) => entry.name),
    };
  },
};

/** The blob id a record names, or null when it is not one (empty, malformed, no full commit). */
const RECORD_ETAG: PathReader<string | null> = {
  kind: 'local-dir-record-etag',
  async read(path) {
    const record = parseLocalMetadata(await readFile(path, 'utf8'));
    return record && isFullCommit(record.commit) ? record.etag : null;
  },
};

/** A record of one of the local dirs asked about. */
export interface DirRecordedBlob extends RecordedBlob {
  dir: string;
}

/** Each record of the `localDirs` with the blob id it names, in their order; none of a dir without a download folder. */
export async function recordedBlobs(
  localDirs: readonly string[],
  reads: KeptReads = KEPT_READS,
): Promise<DirRecordedBlob[]> {
  const found: { dir: string; file: string; path: string }[][] = await mapBounded(
    localDirs,
    DISK_CHECKS_IN_FLIGHT,
    async (dir) => {
      const records: { dir: string; file: string; path: string }[] = [];
      async function walk(folder: string, prefix: string, depth: number): Promise<void> {
        const listed = await reads.read(folder, DOWNLOAD_FOLDER).catch(() => undefined);
        if (listed === undefined) return;
        for (const name of listed.records) {
          const path = prefix + name.slice(0, -METADATA_SUFFIX.length);
          records.push({ dir, file: join(folder, name), path });
        }
        if (depth >= MAX_RECORD_DEPTH) return;
        for (const name of listed.folders) await walk(join(folder, name), `${prefix}${name}/`, depth + 1);
      }
      await walk(localDownloadDir(dir), '', 0);
      return records;
    },
  );
  const records = found.flat();
  // A record gone or unreadable since the listing is none.
  const etags = await mapBounded(records, DISK_CHECKS_IN_FLIGHT, ({ file }) =>
    reads.read(file, RECORD_ETAG).catch(() => undefined),
  );
  return records.flatMap(({ dir, path }, at) => {
    const etag = etags[at];
    return typeof etag === 'string' ? [{ dir, path, etag }] : [];
  });
}
