/**
 * Partial downloads another program left for a file hubget downloads (docs/cache-layout.md, "Another program's
 * partial download"), whose bytes are the file's first bytes:
 * - huggingface_hub ≤ 1.17 and `@huggingface/hub` write `<prefix>.incomplete` (`blobs/<etag>.incomplete` in the
 *   cache, `download/…/{X}.{etag}.incomplete` in a local dir, docs/hub-disk-layout.md §3.8, §3.12) and resume it by
 *   appending;
 * - huggingface_hub ≥ 1.18 writes each attempt from 0 into `<prefix>.<8 hex>.incomplete` and leaves a killed one
 *   behind without ever resuming it: hubget's own temp name, told from hubget's by having no resume map beside it.
 * hubget takes the longest such file as a fetched prefix instead of fetching those bytes again: it is renamed to a
 * hubget temp name (atomic: a program that opens the old name afterwards starts anew rather than writing into it),
 * sized and given a resume map that lists `[0, length)`, and the transfer resumes from there. The final hash check
 * covers those bytes like any others: a bad prefix fails it, and the file is fetched once more from zero
 * (download-file.ts).
 *
 * Only a file nobody writes is taken: one not written within ACTIVE_WRITE_WINDOW_MS, the rule by which a deletion
 * judges another program's temp file (src/cache/recent-temp-files.ts). hubget cannot see huggingface_hub's
 * `flock` (docs/cache-layout.md, "One writer per file"), so the time of the last write is what tells. A file with
 * holes (hf_transfer and hf_xet write ranges at their offsets; a hubget run killed before its first resume map
 * wrote segments at theirs: fewer blocks allocated than its length) is no prefix and is not taken.
 *
 * Once hubget committed the file, what such programs left of it is deleted (`removeForeignPartials`): the
 * `<prefix>.incomplete`, and `<prefix>.<8 hex>.incomplete` files without a resume map, each only if not written
 * within the window.
 */
import { lstat, rename, rm, truncate } from 'node:fs/promises';
import { ACTIVE_WRITE_WINDOW_MS } from '../cache/recent-temp-files.js';
import { type Attempt, attemptsOf, freshTempFile, type TempFile } from '../cache/temp-files.js';
import { takeUnclaimed } from './other-layout-partials.js';
import { writeResumeMapFile } from './resume-map.js';
import type { ExpectedContent } from './types.js';

const TEMP_SUFFIX = '.incomplete';

/** Slack for the last partly filled block and a file system's rounding before a file counts as holed. */
const HOLE_SLACK_BYTES = 64 * 1024;

/** The name another program's appending download of `prefix` has: `<prefix>.incomplete`. */
export function foreignPartialPath(prefix: string): string {
  return `${prefix}${TEMP_SUFFIX}`;
}

/** The bytes of the partial download at `path` hubget would take for a file of `expected`; 0 when it would not. */
async function prefixBytesAt(path: string, expected: ExpectedContent, nowMs: number): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size === 0 || info.size > expected.size) return 0;
  if (nowMs - info.mtimeMs <= ACTIVE_WRITE_WINDOW_MS) return 0;
  // Windows has no blocks: the length is all there is to go by.
  if (info.blocks !== undefined && info.blocks > 0 && info.blocks * 512 + HOLE_SLACK_BYTES < info.size)
    return 0;
  return info.size;
}

/** `<prefix>.incomplete` and the `<prefix>.<8 hex>.incomplete` attempts without a resume map. */
async function candidatesOf(prefix: string, attempts?: readonly Attempt[]): Promise<string[]> {
  const unmapped = (attempts ?? (await attemptsOf(prefix))).filter((attempt) => !attempt.hasMap);
  return [foreignPartialPath(prefix), ...unmapped.map((attempt) => attempt.tempPath)];
}

/** Where to look besides `prefix` itself, and what the caller knows already. */
export interface ForeignLookup {
  /** `prefix`'s attempts, when the caller listed them already (attemptsOf). */
  attempts?: readonly Attempt[];
  /** The file's temp prefixes in the other layout (other-layout-partials.ts). */
  otherPrefixes?: readonly string[];
}

/** A partial download hubget would take, and the other layout's prefix it is of (undefined: `prefix`'s own). */
interface Takeable {
  path: string;
  bytes: number;
  otherPrefix: string | undefined;
}

/**
 * The partial download of `prefix` another program left that hubget would take: the longest of
 * `<prefix>.incomplete` and the `<prefix>.<8 hex>.incomplete` attempts without a resume map, and the same of each
 * of the other layout's prefixes; undefined for none.
 */
async function takeablePartial(
  prefix: string,
  expected: ExpectedContent,
  nowMs: number,
  lookup: ForeignLookup = {},
): Promise<Takeable | undefined> {
  const places: Array<{ paths: string[]; otherPrefix: string | undefined }> = [
    { paths: await candidatesOf(prefix, lookup.attempts), otherPrefix: undefined },
  ];
  for (const other of lookup.otherPrefixes ?? [])
    places.push({ paths: await candidatesOf(other), otherPrefix: other });
  let best: Takeable | undefined;
  for (const { paths, otherPrefix } of places) {
    for (const path of paths) {
      const bytes = await prefixBytesAt(path, expected, nowMs);
      if (bytes > (best?.bytes ?? 0)) best = { path, bytes, otherPrefix };
    }
  }
  return best;
}

/**
 * The bytes of another program's partial download of `prefix` that hubget would take; 0 when none would be.
 * `lookup.attempts`: the prefix's attempts, when the caller listed them already (a plan lists them once for this
 * and resumableBytesOf); `lookup.otherPrefixes`: where to look in the other layout.
 */
export async function foreignPrefixBytes(
  prefix: string,
  expected: ExpectedContent,
  options: ForeignLookup & { nowMs?: number } = {},
): Promise<number> {
  return (await takeablePartial(prefix, expected, options.nowMs ?? Date.now(), options))?.bytes ?? 0;
}

/**
 * Takes another program's partial download of `prefix` (or of one of `otherPrefixes`, the other layout's, under
 * its claims mutex: other-layout-partials.ts) as this download's temp file (a fresh hubget name with a resume map
 * listing its bytes), or undefined when there is none to take (foreignPrefixBytes).
 */
export async function adoptForeignPartial(
  prefix: string,
  expected: ExpectedContent,
  otherPrefixes: readonly string[] = [],
): Promise<TempFile | undefined> {
  const taken = await takeablePartial(prefix, expected, Date.now(), { otherPrefixes });
  if (taken === undefined) return undefined;
  const { path, bytes, otherPrefix } = taken;
  const temp = freshTempFile(prefix);
  if (otherPrefix !== undefined) {
    if (!(await takeUnclaimed(path, temp.tempPath, otherPrefix))) return undefined;
  } else {
    try {
      await rename(path, temp.tempPath);
    } catch {
      // Gone meanwhile (its program finished or deleted it): nothing to take.
      return undefined;
    }
  }
  try {
    // A temp file with a map has the expected length (transferFile's rule); the rest is a hole until fetched.
    await truncate(temp.tempPath, expected.size);
    await writeResumeMapFile(temp.resumeMapPath, {
      size: expected.size,
      algorithm: expected.algorithm,
      hash: expected.hex,
      etag: null,
      ranges: [[0, bytes]],
    });
  } catch {
    // Not resumable after all: it goes, and the file is fetched whole.
    await rm(temp.tempPath, { force: true });
    await rm(temp.resumeMapPath, { force: true });
    return undefined;
  }
  return { ...temp, resumed: true };
}

/** After the file of `prefix` was committed: deletes what other programs left of it and no longer write. */
export async function removeForeignPartials(prefix: string, nowMs = Date.now()): Promise<void> {
  const unmapped = (await attemptsOf(prefix)).filter((attempt) => !attempt.hasMap);
  for (const path of [foreignPartialPath(prefix), ...unmapped.map((attempt) => attempt.tempPath)]) {
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile() || nowMs - info.mtimeMs <= ACTIVE_WRITE_WINDOW_MS) continue;
    await rm(path, { force: true }).catch(() => {});
  }
}
