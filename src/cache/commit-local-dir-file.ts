/**
 * Committing one verified file in local-dir mode (docs/hub-disk-layout.md §3.12,
 * docs/hub-downloaders.md §6.14): rename the temp file to
 * `{localDir}/{path}`, THEN write the metadata, so its timestamp is ≥ the file's mtime and Python trusts
 * it instead of re-hashing or re-downloading.
 */
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory.js';
import { localFilePath } from './local-dir-layout.js';
import { ensureLocalBookkeeping, writeLocalMetadata } from './local-dir-metadata.js';

export interface CommitLocalDirFileOptions {
  localDir: string;
  path: string;
  commit: string;
  /** sha256 (LFS) or git sha1: what Python stores as the etag. */
  blobId: string;
  tempPath: string;
  resumeMapPath?: string;
  /** Injectable clock for tests; seconds since the epoch. */
  nowSeconds?: () => number;
}

export async function commitLocalDirFile(options: CommitLocalDirFileOptions): Promise<string> {
  const finalPath = localFilePath(options.localDir, options.path);
  await makeDirectory(dirname(finalPath));
  await rename(options.tempPath, finalPath);
  if (options.resumeMapPath !== undefined) await rm(options.resumeMapPath, { force: true });
  await ensureLocalBookkeeping(options.localDir);
  const timestamp = options.nowSeconds ? options.nowSeconds() : Date.now() / 1000;
  await writeLocalMetadata(options.localDir, options.path, {
    commit: options.commit,
    etag: options.blobId,
    timestamp,
  });
  return finalPath;
}
