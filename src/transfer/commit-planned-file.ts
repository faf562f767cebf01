/**
 * Putting a verified file in place: commit a temp file into the cache or a local dir, link a blob that is
 * already there, copy the content of a file just committed to a second path, or copy the HF cache's blob
 * into a local dir (verified first).
 */
import { constants as fsConstants } from 'node:fs';
import { copyFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CacheRepoLayout, resumeMapPathOf } from '../cache/cache-layout.js';
import { commitCacheFile } from '../cache/commit-cache-file.js';
import { commitLocalDirFile } from '../cache/commit-local-dir-file.js';
import { chooseTempFile, type TempFile } from '../cache/temp-files.js';
import { errorCodeOf, toHubgetError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import { linksAcrossRepos } from './copy-finder.js';
import { fileMatches } from './hash-file.js';
import { type HashedFile, linkOtherRepoBlob, unchangedSince } from './link-other-repo-blob.js';
import { expectedContentOf, tempPrefixOf } from './plan-download.js';
import { discardTemp, writeWholeFileMap } from './resume-map.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/**
 * Commit (or just link) one file into the cache with this run's memo of folders: `refs/` and
 * `CACHEDIR.TAG` were made once before the first file, each snapshot sub-folder is created once.
 */
function commitToCache(
  ctx: RunContext,
  layout: CacheRepoLayout,
  file: PlannedFile,
  tempPath?: string,
  resumeMapPath?: string,
) {
  return commitCacheFile({
    layout,
    commit: ctx.plan.commit,
    path: file.path,
    blobId: file.blobId,
    size: file.size,
    ...(tempPath !== undefined && { tempPath }),
    ...(resumeMapPath !== undefined && { resumeMapPath }),
    ensureFolder: (folder) => ctx.folders.ensure(folder),
    repoPrepared: true,
  });
}

/** `resumeMapPath`: a sidecar that may still exist (transferFile deletes its map once it succeeded). */
export async function commitFile(
  ctx: RunContext,
  file: PlannedFile,
  tempPath: string,
  resumeMapPath: string | undefined,
) {
  const { plan } = ctx;
  try {
    if (ctx.layout) {
      await commitToCache(ctx, ctx.layout, file, tempPath, resumeMapPath);
    } else if (plan.destination.kind === 'local') {
      await commitLocalDirFile({
        localDir: plan.destination.localDir,
        path: file.path,
        commit: plan.commit,
        blobId: file.blobId,
        tempPath,
        ...(resumeMapPath !== undefined && { resumeMapPath }),
      });
    }
  } catch (error) {
    await keepVerifiedTemp(file, tempPath);
    throw toHubgetError(error, 'IO_ERROR');
  }
}

/**
 * A verified temp file the commit could not put in place (a file in the way of its folder, say) stays with a
 * resume map recording all of it, as a partial download's does: a retry commits it without fetching it again
 * (the failed job's "Retry resumes it"), and the external watcher knows it for hubget's own
 * (docs/external-downloads.md). Without the map (a small file never writes one; a big one's went once it was
 * verified) nothing told it from another program's download, shown as stalled for as long as it lay there.
 * Nothing is written when the commit had moved it away before failing; best effort: the commit's error is the
 * one reported.
 */
async function keepVerifiedTemp(file: PlannedFile, tempPath: string): Promise<void> {
  try {
    const stats = await stat(tempPath);
    if (stats.isFile() && stats.size === file.size) {
      await writeWholeFileMap(resumeMapPathOf(tempPath), expectedContentOf(file));
    }
  } catch {
    // Moved into place before the failure, or the map could not be written: the file stays as it is.
  }
}

/** The destination has no room: fetching instead would fail the same way, after filling it further. */
const NO_ROOM_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Copy the file on disk of the same content (`cachedBlobPath`: the HF cache's blob in local-dir mode, a local dir's
 * file, another repo's blob: copy-finder.ts) into the temp file (a reflink where the filesystem offers one) and
 * verify it. huggingface_hub copies without hashing (docs/hub-disk-layout.md §3.12); hubget
 * keeps its rule that nothing unverified reaches a final path, so a blob that does not match (or cannot be read) is
 * ignored and the file is fetched instead. A full disk is not a reason to fetch: it fails the download
 * (DISK_FULL). Either way a failed copy leaves no temp file behind. Returns `copied` when the temp file now
 * holds the verified content. The copy replaces whatever the temp file held (a partial one, resumed): its
 * resume map no longer describes it, and goes with the temp file (a failed copy) or at the commit (commitFile).
 * An LFS blob of another repo's folder is hard-linked as this repo's blob instead where the file system allows
 * (link-other-repo-blob.ts): `linked`, the temp file gone, the snapshot link left to commitLinkedBlob.
 */
export async function copyFromCache(
  ctx: RunContext,
  file: PlannedFile,
  temp: TempFile,
): Promise<'copied' | 'linked' | false> {
  if (file.cachedBlobPath === undefined) return false;
  const { tempPath } = temp;
  const source = file.cachedBlobPath;
  try {
    let hashed: HashedFile | undefined;
    if (ctx.layout && linksAcrossRepos(ctx.layout, file)) {
      const linking = await linkOtherRepoBlob(ctx, ctx.layout, file);
      // The temp file (a partial download resumed) is left as it is when the blob does not match: fetched from there.
      if (linking.outcome === 'mismatch') return false;
      if (linking.outcome === 'linked') {
        await discardTemp(temp);
        return 'linked';
      }
      hashed = linking.hashed;
    }
    await copyFile(source, tempPath, fsConstants.COPYFILE_FICLONE);
    // A link refused after the other repo's blob was hashed: that hash stands for the copy of the same, unchanged
    // file (link-other-repo-blob.ts, unchangedSince), which is hashed only when that cannot be told.
    const verified =
      (hashed !== undefined &&
        (await unchangedSince(source, hashed)) &&
        (await stat(tempPath)).size === file.size) ||
      (await fileMatches(tempPath, expectedContentOf(file), { signal: ctx.signal }));
    if (verified) {
      ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
      return 'copied';
    }
  } catch (error) {
    if (ctx.signal.aborted || NO_ROOM_CODES.has(errorCodeOf(error) ?? '')) {
      await discardTemp(temp);
      throw toHubgetError(error, 'IO_ERROR');
    }
  }
  await discardTemp(temp);
  return false;
}

/** A second path with the content of a file just committed: link its blob, or copy it in local-dir mode. */
export async function copySameContent(
  ctx: RunContext,
  source: PlannedFile,
  file: PlannedFile,
): Promise<void> {
  try {
    if (ctx.layout) {
      await commitToCache(ctx, ctx.layout, file);
    } else {
      const temp = await chooseTempFile(tempPrefixOf(ctx.plan, file));
      await makeDirectory(dirname(temp.tempPath));
      try {
        await copyFile(source.finalPath, temp.tempPath);
      } catch (error) {
        // A partial copy is no resumable download: nothing of it stays.
        await rm(temp.tempPath, { force: true });
        throw error;
      }
      await commitFile(ctx, file, temp.tempPath, temp.resumeMapPath);
    }
  } catch (error) {
    throw toHubgetError(error, 'IO_ERROR');
  }
  ctx.tracker.finish(file);
  ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
}

/** A blob linked from another repo's folder (link-other-repo-blob.ts): its snapshot link, as for any blob already there. */
export async function commitLinkedBlob(ctx: RunContext, file: PlannedFile): Promise<void> {
  if (!ctx.layout) return;
  try {
    await commitToCache(ctx, ctx.layout, file);
  } catch (error) {
    throw toHubgetError(error, 'IO_ERROR');
  }
}

/** Present files: link a blob that exists (another revision) and report them as reused. */
export async function reusePresentFile(ctx: RunContext, file: PlannedFile): Promise<void> {
  if (ctx.layout) {
    try {
      await commitToCache(ctx, ctx.layout, file);
    } catch (error) {
      throw toHubgetError(error, 'IO_ERROR');
    }
  }
  ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
}
