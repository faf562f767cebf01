/**
 * A `progress` event that carries only the counts (no active file), for telemetry tests of a 1000-byte job;
 * fetched at one byte per millisecond unless `fetchingMs` says otherwise, none copied from the HF cache unless
 * `copiedBytes` says so.
 */
import type { TransferEvent } from '../../../src/progress/events.js';

export function countsProgress(
  downloaded: number,
  fetchedBytes: number,
  otherRunBytes = 0,
  filesTotal = 1,
  fetchingMs = fetchedBytes,
  copiedBytes = 0,
): Extract<TransferEvent, { type: 'progress' }> {
  return {
    type: 'progress',
    downloaded,
    total: 1000,
    bytesPerSecond: 0,
    etaSeconds: null,
    filesDone: 0,
    filesTotal,
    activeFiles: [],
    fetchedBytes,
    otherRunBytes,
    copiedBytes,
    fetchingMs,
  };
}
