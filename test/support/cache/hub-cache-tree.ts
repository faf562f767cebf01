/**
 * Building a Hugging Face hub cache by hand in a test: blobs, snapshot links and refs as huggingface_hub
 * leaves them (docs/hub-disk-layout.md §3.4, docs/cache-layout.md).
 */
import { createHash } from 'node:crypto';
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

/**
 * A model repo in the HF cache at `cacheDir` whose blobs are named by their real sha256 (so a verification finds them
 * intact), one snapshot at `commit` that `main` names; `files` maps each path to its content (a string, or that many
 * bytes). Returns the repo folder.
 */
export function writeHashedRepo(
  cacheDir: string,
  repoId: string,
  files: Record<string, string | number>,
  commit = 'c'.repeat(40),
): string {
  const repoDir = join(cacheDir, `models--${repoId.replace('/', '--')}`);
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'number' ? Buffer.alloc(content, path.length) : Buffer.from(content);
    const blob = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(repoDir, 'blobs'), { recursive: true });
    writeFileSync(join(repoDir, 'blobs', blob), bytes);
    linkSnapshotFile(repoDir, commit, path, blob);
  }
  writeCacheFile(join(repoDir, 'refs', 'main'), commit);
  return repoDir;
}
