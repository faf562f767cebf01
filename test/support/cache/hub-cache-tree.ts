/**
 * Building a Hugging Face hub cache by hand in a test: blobs, snapshot links and refs as huggingface_hub
 * leaves them (docs/hub-disk-layout.md §3.4, docs/cache-layout.md).
 */
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A 64-hex blob name (a sha256) made from a small number. */
export const blobId = (n: number): string => n.toString(16).padStart(64, '0');

/** Writes `content` (a string, or that many bytes) at `path`, making its folders; optionally sets its mtime. */
export function writeCacheFile(path: string, content: string | number, mtimeSeconds?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'number' ? Buffer.alloc(content, 1) : content);
  if (mtimeSeconds !== undefined) utimesSync(path, mtimeSeconds, mtimeSeconds);
}

/** A snapshot entry as huggingface_hub makes it: a relative symlink into blobs/. */
export function linkSnapshotFile(repoDir: string, commit: string, path: string, blob: string): void {
  const linkPath = join(repoDir, 'snapshots', commit, ...path.split('/'));
  mkdirSync(dirname(linkPath), { recursive: true });
  symlinkSync(relative(dirname(linkPath), join(repoDir, 'blobs', blob)), linkPath);
}
