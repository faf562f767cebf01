/** A small scripted TransferEvent sequence for renderer tests. */
import type { TransferEvent } from '../../../src/progress/index.js';

export const COMMIT = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

export function planEvent(): TransferEvent {
  return {
    type: 'plan',
    repoId: 'org/model',
    commit: COMMIT,
    totalBytes: 12_000_000_000,
    presentBytes: 1_000_000_000,
    filesTotal: 3,
    filesPresent: 1,
    files: [
      { path: 'config.json', size: 1_000_000_000, present: true },
      { path: 'model-00001-of-00002.safetensors', size: 6_000_000_000, present: false },
      { path: 'model-00002-of-00002.safetensors', size: 5_000_000_000, present: false },
    ],
  };
}

export function progressEvent(downloaded: number): TransferEvent {
  return {
    type: 'progress',
    downloaded,
    total: 12_000_000_000,
    bytesPerSecond: 45_200_000,
    etaSeconds: 140,
    filesDone: 1,
    filesTotal: 3,
    fetchedBytes: downloaded - 1_000_000_000,
    otherRunBytes: 0,
    copiedBytes: 0,
    fetchingMs: 100_000,
    activeFiles: [
      {
        path: 'model-00001-of-00002.safetensors',
        downloaded: downloaded - 1_000_000_000,
        size: 6_000_000_000,
        bytesPerSecond: 45_200_000,
        etaSeconds: 112,
      },
    ],
  };
}

/** The end of the scripted download: `downloadedBytes` of its 12 GB fetched in `elapsedMs`. */
export function doneEvent(downloadedBytes: number, elapsedMs: number): TransferEvent {
  return {
    type: 'done',
    resultPath: '/tmp/x',
    downloadedBytes,
    totalBytes: 12_000_000_000,
    elapsedMs,
    fetchingMs: elapsedMs,
  };
}
