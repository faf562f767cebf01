/**
 * Whether what is installed is intact (`hubget verify`, docs/cli-verify.md): every file's content hashed again and
 * compared with the hash it was stored under, offline. In the HF cache a blob's name is its content hash
 * (docs/hub-disk-layout.md §3.3): a sha256 for LFS and Xet files, the git blob sha1 for regular ones; in a local
 * dir, the etag its `.metadata` record names (docs/hub-disk-layout.md §3.12). A file whose name or record gives no such hash (a cache in
 * no-symlink mode, a record of another form) is told unchecked, never intact. A snapshot file whose blob is gone is
 * missing. Each blob is read once, however many revisions or paths name it.
 */
import { availableParallelism } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { cachedCommitOf } from '../cache/delete-cache.js';
import { readLocalDirRecords } from '../cache/local-dir-records.js';
import { type CacheScanWarning, scanCachedRepo } from '../cache/scan-cached-repo.js';
import { readLocalDirMarker } from '../cache/scan-local-marker.js';
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import type { RepoRef } from '../hub/types.js';
import type { DownloadPlace } from './claims-folder.js';
import { hashFile } from './hash-file.js';
import type { ExpectedContent } from './types.js';

/** One file on disk to hash, and every name it has in the repo. */
export interface VerifyItem {
  /** The file read: a blob in the HF cache, a file of a local dir. */
  file: string;
  size: number;
  /** The repo paths it holds (`/`-separated), with the commits of the snapshots that name it. */
  names: { path: string; commit: string }[];
  /** What its content must hash to; undefined when nothing names a hash (unchecked). */
  expected: Pick<ExpectedContent, 'algorithm' | 'hex'> | undefined;
}

/** What was found at one place: the files to hash, and the snapshot files whose blob is gone. */
export interface VerifyTargets {
  items: VerifyItem[];
  missing: { path: string; commit: string }[];
  warnings: CacheScanWarning[];
}

export type VerifyVerdict =
  | { kind: 'intact' }
  | { kind: 'corrupt'; actual: string }
  | { kind: 'unchecked' }
  | { kind: 'unreadable'; message: string };

/** The hash a blob id or an etag names: 64 hex digits a sha256, 40 a git blob sha1; else none. */
export function expectedOfEtag(etag: string): VerifyItem['expected'] {
  const hex = etag.trim().replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex)) return { algorithm: 'sha256', hex };
  if (/^[0-9a-f]{40}$/.test(hex)) return { algorithm: 'git-sha1', hex };
  return undefined;
}

/**
 * A repo's files in the HF cache at `cacheDir`, in every revision, or in the one `revision` names (a ref, a commit or
 * its first 7+ characters). REPO_NOT_FOUND / REVISION_NOT_FOUND when the cache holds no such repo or revision.
 */
export async function cachedRepoTargets(
  cacheDir: string,
  repo: RepoRef,
  revision?: string,
): Promise<VerifyTargets> {
  const warnings: CacheScanWarning[] = [];
  const layout = cacheRepoLayout(cacheDir, repo);
  const detail = await scanCachedRepo(layout.repoDir, repo, warnings);
  if (detail === null || detail.revisions.length === 0) {
    throw new HubgetError(
      'REPO_NOT_FOUND',
      `${repo.repoType} ${repo.repoId} is not in the cache ${cacheDir}`,
      {
        details: { repoId: repo.repoId, where: 'cache' },
      },
    );
  }
  // The revision named as rm names it (a ref, a commit or its first 7+ characters: cachedCommitOf).
  const commit =
    revision === undefined ? undefined : cachedCommitOf(revision, repo, detail.revisions, detail.refs);
  const revisions = detail.revisions.filter(
    (candidate) => commit === undefined || candidate.commit === commit,
  );
  const byFile = new Map<string, VerifyItem>();
  for (const { commit, files } of revisions) {
    for (const file of files) {
      const item = byFile.get(file.blobPath);
      if (item !== undefined) {
        item.names.push({ path: file.path, commit });
        continue;
      }
      // In no-symlink mode the snapshot file is the file itself, and its name no hash.
      const isBlob = relative(join(layout.repoDir, 'blobs'), file.blobPath) === basename(file.blobPath);
      byFile.set(file.blobPath, {
        file: file.blobPath,
        size: file.size,
        names: [{ path: file.path, commit }],
        expected: isBlob ? expectedOfEtag(basename(file.blobPath)) : undefined,
      });
    }
  }
  // A snapshot file whose blob is gone (scanCachedRepo's warning): missing, not a scan problem.
  const missing: VerifyTargets['missing'] = [];
  const kept: CacheScanWarning[] = [];
  for (const warning of warnings) {
    const revisionOf = revisions.find((candidate) => warning.path.startsWith(candidate.snapshotDir + sep));
    if (revisionOf !== undefined && /missing blob/.test(warning.message)) {
      const path = relative(revisionOf.snapshotDir, warning.path).split(sep).join('/');
      missing.push({ path, commit: revisionOf.commit });
    } else if (!detail.revisions.some((other) => warning.path.startsWith(other.snapshotDir + sep))) {
      kept.push(warning);
    }
  }
  return { items: [...byFile.values()], missing, warnings: kept };
}

/** A local dir's downloaded files, each checked against the etag of its `.metadata` record. */
export async function localDirTargets(localDir: string): Promise<VerifyTargets> {
  const records = await readLocalDirRecords(localDir);
  if (records.length === 0) {
    throw new HubgetError(
      'ENTRY_NOT_FOUND',
      `${shellWord(localDir)} holds no downloaded files (no .cache/huggingface/download records)`,
      { details: { localDir } },
    );
  }
  return {
    items: records.map((record) => ({
      file: join(localDir, ...record.path.split('/')),
      size: record.bytes,
      names: [{ path: record.path, commit: record.commit }],
      expected: expectedOfEtag(record.etag),
    })),
    missing: [],
    warnings: [],
  };
}

/** A place to verify, as both faces name it: its repo (a local dir's from hubget's marker, if any) and where it lies. */
export interface PlaceToVerify {
  location: 'cache' | 'local';
  /** The repo folder in the HF cache, or the local dir. */
  path: string;
  targets: VerifyTargets;
  /** Where a repair deletes and downloads (downloads-here.ts's place). */
  place: DownloadPlace;
  /** The repo a repair downloads; undefined for a local dir no hubget marker names. */
  repo: RepoRef | undefined;
}

/** A repo in the HF cache, every revision or the one `revision` names (cachedRepoTargets). */
export async function cachedRepoPlace(
  cacheDir: string,
  repo: RepoRef,
  revision?: string,
): Promise<PlaceToVerify> {
  return {
    location: 'cache',
    path: cacheRepoLayout(cacheDir, repo).repoDir,
    targets: await cachedRepoTargets(cacheDir, repo, revision),
    place: { kind: 'cache', cacheDir, repo },
    repo,
  };
}

/** A local dir, its repo named by hubget's marker when it has one (localDirTargets). */
export async function localDirPlace(localDir: string): Promise<PlaceToVerify> {
  const marker = await readLocalDirMarker(localDir);
  const repo = marker === null ? undefined : { repoId: marker.repoId, repoType: marker.repoType };
  return {
    location: 'local',
    path: localDir,
    targets: await localDirTargets(localDir),
    place: { kind: 'local', localDir },
    repo,
  };
}

export interface VerifyOptions {
  signal?: AbortSignal;
  /** Told the bytes of each read as it is hashed. */
  onBytes?: (bytes: number) => void;
  /** Told each file's verdict as it is known. */
  onVerdict?: (item: VerifyItem, verdict: VerifyVerdict) => void;
  /** Files hashed at once (default: the cores, at most 4: hashing is CPU-bound on a fast disk). */
  parallel?: number;
}

/** Hashes each item (several at a time) and returns its verdict, in the items' order. ABORTED when stopped. */
export async function verifyItems(
  items: readonly VerifyItem[],
  options: VerifyOptions = {},
): Promise<VerifyVerdict[]> {
  const verdicts: VerifyVerdict[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      const verdict = await verifyItem(item, options);
      verdicts[index] = verdict;
      options.onVerdict?.(item, verdict);
    }
  };
  const parallel = Math.max(1, options.parallel ?? Math.min(4, availableParallelism()));
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return verdicts;
}

async function verifyItem(item: VerifyItem, options: VerifyOptions): Promise<VerifyVerdict> {
  if (item.expected === undefined) return { kind: 'unchecked' };
  try {
    const actual = await hashFile(item.file, item.expected.algorithm, {
      ...(options.signal && { signal: options.signal }),
      ...(options.onBytes && { onBytes: options.onBytes }),
    });
    return actual === item.expected.hex ? { kind: 'intact' } : { kind: 'corrupt', actual };
  } catch (error) {
    if (error instanceof HubgetError && error.code === 'ABORTED') throw error;
    return { kind: 'unreadable', message: (error as Error).message };
  }
}
