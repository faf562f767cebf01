/**
 * Recognising the temp files other downloaders leave while they write (docs/hub-disk-layout.md
 * §3.8, §3.12, docs/hub-downloaders.md §5).
 * Pure name matching; the watcher decides what to do with them.
 *
 *   blobs/<etag>.incomplete                  huggingface_hub ≤1.17 (all 0.x with resume), @huggingface/hub (JS)
 *   blobs/<etag>.<8 hex>.incomplete          huggingface_hub ≥1.18 (one random part per attempt)
 *   download/{X}.{etag}.incomplete           local_dir, v0.28–1.17 (X = 28-char b64url sha1 of the name)
 *   download/{X}.{etag}.<8 hex>.incomplete   local_dir, ≥1.18
 *   download/{path}.{etag}.incomplete        local_dir, v0.23–0.27 (the file's own base name)
 *   {hub cache}/tmp<8 of [a-z0-9_]>          huggingface_hub 0.8–0.22 without resume (their default), cache and
 *                                            local_dir alike: Python's tempfile.NamedTemporaryFile(dir=cache_dir)
 *
 * hf_xet and hf_transfer write into the very same temp paths as the Python HTTP code (docs/hub-downloaders.md §5.2), so
 * they need no names of their own; what differs is how they fill the file (see external-file-size.ts). No
 * downloader writes `*.tmp` or `*.partial` files where the watcher looks: huggingface_hub's `.tmp` files are its
 * refs' and tree listings' (`refs/main.<8 hex>.tmp`, `trees/tmp….tmp`), written whole and renamed at once.
 */
import { shortHashOfPath } from '../cache/local-dir-layout.js';
import { BLOB_ID_SOURCE, TEMP_ATTEMPT_SOURCE } from '../hub/hex-ids.js';

export type TempNameShape =
  | 'blob-legacy'
  | 'blob-attempt'
  | 'local-hashed'
  | 'local-hashed-attempt'
  | 'local-path'
  | 'other-incomplete'
  | 'cache-root-tempfile';

export interface TempNameInfo {
  shape: TempNameShape;
  /** sha1/sha256 etag = blob name, when the shape carries one. */
  etag: string | null;
  /** Base name of the file being downloaded, when the shape carries it (v0.23–0.27 local_dir). */
  fileName: string | null;
}

const ETAG = BLOB_ID_SOURCE;
const ATTEMPT = TEMP_ATTEMPT_SOURCE;
// Python's `_short_hash`: urlsafe b64 of a 20-byte sha1 = 27 characters plus one `=` pad.
const SHORT_HASH = '[A-Za-z0-9_-]{27}=';
const SHORT_HASH_LENGTH = 28;

const SHAPES: Array<{ shape: TempNameShape; pattern: RegExp; etagGroup: number; fileGroup?: number }> = [
  { shape: 'blob-attempt', pattern: new RegExp(`^(${ETAG})\\.${ATTEMPT}\\.incomplete$`), etagGroup: 1 },
  { shape: 'blob-legacy', pattern: new RegExp(`^(${ETAG})\\.incomplete$`), etagGroup: 1 },
  {
    shape: 'local-hashed-attempt',
    pattern: new RegExp(`^${SHORT_HASH}\\.(${ETAG})\\.${ATTEMPT}\\.incomplete$`),
    etagGroup: 1,
  },
  { shape: 'local-hashed', pattern: new RegExp(`^${SHORT_HASH}\\.(${ETAG})\\.incomplete$`), etagGroup: 1 },
  { shape: 'local-path', pattern: new RegExp(`^(.+)\\.(${ETAG})\\.incomplete$`), etagGroup: 2, fileGroup: 1 },
];

/** What kind of temp file `name` (a base name) is, or null when it is not a temp file at all. */
export function classifyTempName(name: string): TempNameInfo | null {
  // Anything hubget itself writes beside a temp file (resume maps and their own temp copies).
  if (name.includes('.hubget-')) return null;
  if (name.endsWith('.incomplete')) {
    for (const { shape, pattern, etagGroup, fileGroup } of SHAPES) {
      const match = pattern.exec(name);
      if (match) {
        return {
          shape,
          etag: match[etagGroup] ?? null,
          fileName: fileGroup === undefined ? null : (match[fileGroup] ?? null),
        };
      }
    }
    return { shape: 'other-incomplete', etag: null, fileName: null };
  }
  return null;
}

/** Python's `tempfile` names: `tmp` and 8 of `a–z 0–9 _` (its `_RandomNameSequence`), no suffix by default. */
const PYTHON_TEMPFILE = /^tmp[a-z0-9_]{8}$/;

/**
 * Whether `name`, a file directly in the hub cache, is the temp file of a huggingface_hub 0.8–0.22 download
 * without resume (their default: `tempfile.NamedTemporaryFile(dir=cache_dir, delete=False)`, renamed into the
 * repo folder's `blobs/`, or into the local dir, once done). Its name says neither repo nor file.
 */
export function classifyCacheRootName(name: string): TempNameInfo | null {
  return PYTHON_TEMPFILE.test(name) ? { shape: 'cache-root-tempfile', etag: null, fileName: null } : null;
}

/**
 * A temp file beside the blob it was for (`names`: its folder's entries): the left-over of an attempt another
 * one completed, no download (nobody fetches a blob that is there). The watcher and the cache's count of
 * unfinished downloads leave it out alike.
 */
export function besideItsBlob(info: TempNameInfo, names: ReadonlySet<string>): boolean {
  return info.etag !== null && names.has(info.etag);
}

/**
 * What names, in its folder, the file a temp file becomes once done, as `finishedFileIdOfMetadata` names a done
 * file: in `blobs/` the blob (its etag), in a local dir's `download/` Python's short hash of the file's name (its
 * record is `{name}.metadata`). null for names that say neither (odd etags, the hub cache's `tmp…`).
 */
export function finishedFileIdOf(name: string, info: TempNameInfo): string | null {
  switch (info.shape) {
    case 'blob-legacy':
    case 'blob-attempt':
      return info.etag;
    case 'local-hashed':
    case 'local-hashed-attempt':
      return name.slice(0, SHORT_HASH_LENGTH);
    case 'local-path':
      return info.fileName === null ? null : shortHashOfPath(info.fileName);
    default:
      return null;
  }
}

/** finishedFileIdOf's name for the file a local dir's `download/{name}.metadata` records as done. */
export function finishedFileIdOfMetadata(metadataName: string): string {
  return shortHashOfPath(metadataName.slice(0, -'.metadata'.length));
}
