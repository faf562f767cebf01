/**
 * `.cache/huggingface/hubget.json`: hubget's note of which repo a local dir holds. huggingface_hub's
 * local-dir bookkeeping (docs/hub-disk-layout.md §3.12) records commit and etag per file but never the repo id, so
 * without this marker a scanner can only name the folder. It lives inside `.cache/huggingface/`, which
 * carries a `*` .gitignore and is ignored by Python, so it disturbs no other tool.
 * A download writes it twice (finish-download.ts): with `unfinished: true` before its first byte into a folder
 * without a marker, so an interrupted download is named by its repo too, and without it once every file is
 * there. A marker without the field (every marker of older hubget) is a finished one.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';
import { REPO_TYPES, type RepoType } from '../hub/types.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';
import { KEPT_READS, type KeptReads, type PathReader } from '../system/kept-reads.js';
import { localBookkeepingDir } from './local-dir-layout.js';

export interface LocalDirMarker {
  repoId: string;
  repoType: RepoType;
  /** What the user asked for (branch, tag or commit). */
  revision?: string;
  /** Full commit the files were fetched at. */
  commit?: string;
  /** Written as the download began, and that download has not finished (absent once it has). */
  unfinished?: true;
}

const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

export function localDirMarkerPath(localDir: string): string {
  return join(localBookkeepingDir(localDir), 'hubget.json');
}

/** Validate parsed JSON as a marker; null when it is not one. */
export function parseLocalDirMarker(value: unknown): LocalDirMarker | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const { repoId, repoType, revision, commit, unfinished } = record;
  if (typeof repoId !== 'string' || !REPO_ID.test(repoId) || repoId.includes('--')) return null;
  const type = repoType === undefined ? 'model' : repoType;
  if (!REPO_TYPES.includes(type as RepoType)) return null;
  const marker: LocalDirMarker = { repoId, repoType: type as RepoType };
  if (typeof revision === 'string' && revision !== '') marker.revision = revision;
  if (typeof commit === 'string' && isFullCommit(commit)) marker.commit = commit;
  if (unfinished === true) marker.unfinished = true;
  return marker;
}

/** A marker file's marker, or null when it is not one or cannot be read (never throws). */
const MARKER: PathReader<LocalDirMarker | null> = {
  kind: 'local-dir-marker',
  async read(path) {
    try {
      return parseLocalDirMarker(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return null;
    }
  },
};

/** The marker of `localDir`, or null when absent or unreadable (never throws). */
export function readLocalDirMarker(localDir: string): Promise<LocalDirMarker | null> {
  return MARKER.read(localDirMarkerPath(localDir));
}

/**
 * readLocalDirMarker through the process's kept reads (src/system/kept-reads.ts): read again only once the marker
 * was written since (each write is a rename: a new inode). What "is here" asks of many folders again and again.
 */
export async function keptLocalDirMarker(
  localDir: string,
  reads: KeptReads = KEPT_READS,
): Promise<LocalDirMarker | null> {
  return (await reads.read(localDirMarkerPath(localDir), MARKER)) ?? null;
}

/** Written (temp + rename) as a local-dir download begins and once it has every file (finish-download.ts). */
export async function writeLocalDirMarker(localDir: string, marker: LocalDirMarker): Promise<void> {
  const path = localDirMarkerPath(localDir);
  await makeDirectory(dirname(path));
  await replaceFile(path, `${JSON.stringify(marker, null, 2)}\n`);
}
