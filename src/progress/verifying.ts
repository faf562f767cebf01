/**
 * When a download is verifying: every byte is on disk, but it has not finished. The hash of a large file
 * follows the contiguous prefix of written bytes on a worker thread and may trail the last byte by up to a
 * few hundred MiB (connections × segment size, more while the CPU is busy: 0.5–1.0 s per GiB measured on
 * the benchmark's 2-core machine; docs/transfer-faults.md, Integrity), and the commit (rename, symlink)
 * comes after it. The speed reads 0 by then and an ETA means nothing, so every face says "verifying"
 * instead: a bar at 100 % with no speed must not look like a stalled download.
 */
export function isVerifying(done: number, total: number, finished: boolean): boolean {
  return !finished && total > 0 && done >= total;
}

/** isVerifying for a whole download (a progress event, a job): finished once every file is done. */
export function downloadVerifying(progress: {
  downloaded: number;
  total: number;
  filesDone: number;
  filesTotal: number;
}): boolean {
  return isVerifying(progress.downloaded, progress.total, progress.filesDone >= progress.filesTotal);
}

/** The word the faces show in place of the speed and ETA while isVerifying(). */
export const VERIFYING_LABEL = 'verifying';
