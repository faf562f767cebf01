/**
 * Which failures of transferFile deleted the file's temp file, so none of its bytes stay on disk and the run's
 * count keeps none of them (download-file.ts): one whose content is wrong, and one whose bytes had no resume map
 * to go with them (transfer-file.ts).
 */
import type { HubgetError } from '../errors.js';

/** Failures after which transferFile deleted the temp file for a reason its code does not tell. */
const discardedOn = new WeakSet<HubgetError>();

/** transferFile deleted the temp file before throwing `error`. */
export function noteTempDiscarded(error: HubgetError): void {
  discardedOn.add(error);
}

/**
 * Whether transferFile deleted the temp file when it failed with `error`: nothing in it was worth resuming (every
 * byte arrived and the size or the hash is wrong), or its bytes could not get a resume map (the disk filled up
 * before the first map write). Judged on the error transferFile threw, not on an ABORTED wrapping it; a
 * SIZE_MISMATCH found before every byte arrived keeps its temp file, which this then leaves uncounted: never
 * ahead of the disk.
 */
export function tempDiscardedBy(error: HubgetError): boolean {
  return error.code === 'INTEGRITY_MISMATCH' || error.code === 'SIZE_MISMATCH' || discardedOn.has(error);
}
