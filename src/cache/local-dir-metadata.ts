/**
 * local-dir bookkeeping (docs/hub-disk-layout.md §3.12): `.cache/huggingface/download/{path}.metadata` holds three
 * `\n`-terminated lines — commit, etag, Unix time as a float — and is trusted only while
 * `mtime(file) − 1 ≤ timestamp`. Corrupt metadata is deleted, like Python does.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory.js';
import { ensureCachedirTag } from './cachedir-tag.js';
import {
  LOCAL_GITIGNORE_CONTENT,
  localBookkeepingDir,
  localFilePath,
  localGitignorePath,
  localMetadataPath,
} from './local-dir-layout.js';

export interface LocalFileMetadata {
  commit: string;
  etag: string;
  /** Seconds since the epoch (float). */
  timestamp: number;
}

export function formatLocalMetadata(metadata: LocalFileMetadata): string {
  return `${metadata.commit}\n${metadata.etag}\n${metadata.timestamp}\n`;
}

export async function writeLocalMetadata(
  localDir: string,
  path: string,
  metadata: LocalFileMetadata,
): Promise<void> {
  const metadataPath = localMetadataPath(localDir, path);
  await makeDirectory(dirname(metadataPath));
  await writeFile(metadataPath, formatLocalMetadata(metadata));
}

/**
 * The record in a `.metadata` file's text, or undefined when it is not a record: empty (a write cut short,
 * e.g. by a full disk) or malformed. Such a file counts as absent, like huggingface_hub, which deletes it
 * when it reads it.
 */
export function parseLocalMetadata(text: string): LocalFileMetadata | undefined {
  const [commit, etag, time] = text.split('\n').map((line) => line.trim());
  const timestamp = Number(time);
  if (!commit || !etag || !time || !Number.isFinite(timestamp)) return undefined;
  return { commit, etag, timestamp };
}

/** The record of `path`, whatever its age; undefined when there is none or it is not a record. */
export async function readLocalRecord(
  localDir: string,
  path: string,
): Promise<LocalFileMetadata | undefined> {
  try {
    return parseLocalMetadata(await readFile(localMetadataPath(localDir, path), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Metadata for `path` if present, well-formed and not older than the file; undefined otherwise. */
export async function readLocalMetadata(
  localDir: string,
  path: string,
): Promise<LocalFileMetadata | undefined> {
  const metadataPath = localMetadataPath(localDir, path);
  let text: string;
  try {
    text = await readFile(metadataPath, 'utf8');
  } catch {
    return undefined;
  }
  const metadata = parseLocalMetadata(text);
  if (!metadata) {
    await rm(metadataPath, { force: true });
    return undefined;
  }
  try {
    const info = await stat(localFilePath(localDir, path));
    // Python allows 1 s of slack: st_mtime may be coarser than time.time().
    if (info.mtimeMs / 1000 - 1 <= metadata.timestamp) return metadata;
    return undefined;
  } catch {
    return undefined;
  }
}

/** `.cache/huggingface/.gitignore` (`*`, no newline) and `CACHEDIR.TAG`, created once. */
export async function ensureLocalBookkeeping(localDir: string): Promise<void> {
  await ensureCachedirTag(localBookkeepingDir(localDir));
  try {
    await writeFile(localGitignorePath(localDir), LOCAL_GITIGNORE_CONTENT, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
