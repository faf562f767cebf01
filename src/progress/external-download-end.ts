/**
 * When another program's download the external watcher shows has ended (docs/external-downloads.md, "End"). The
 * watcher sees only files: a scan that finds none of a download's temp files and no file of it finished since the
 * scan before cannot tell a download that ended from one that pauses: huggingface_hub between two files (each
 * `hf_hub_download` asks for the file's metadata before it creates its temp file; a library such as transformers
 * fetches config.json, then looks up which weights to fetch), or in a retry's backoff (1 s doubling to 8 s,
 * docs/hub-protocol.md §1.6; from 1.18 a failed attempt's temp file is deleted before it). Ended at the first such
 * scan, a paused download started over as a new one at the next, its files fetched so far
 * taken for files there before it, so that it read low for the rest of its run. So it goes on through such scans
 * for EXTERNAL_PAUSE_GRACE_MS without file activity, listed with what it counted, and its counts go on when its
 * temp files or finished files come back.
 */

/**
 * How long a download with no temp file left is kept without file activity before it has ended: ten of the
 * watcher's scans (1 s apart). A pause of a metadata request or two, or one retry's backoff (at most 8 s) fits;
 * shorter, a scan delayed by a busy disk or a second slow request splits the download in two, whose second part
 * reads low for the rest of its run. Longer, a finished download lingers: it stays listed, at 0 B/s, for this long
 * after its last file (from 5 s saying "No file activity for 5 s"), and a paused job whose files it put in place is
 * completed that much later (src/jobs/found-on-disk.ts; at once when GET /api/models asks). Never past the stall
 * timeout (`pauseGraceMs`): a download without temp files is not shown stalled, with the hint about the temp files
 * it no longer has.
 */
export const EXTERNAL_PAUSE_GRACE_MS = 10_000;

/** The grace under a stall timeout of `stallTimeoutMs` (the setting, 5 s at least). */
export function pauseGraceMs(stallTimeoutMs: number): number {
  return Math.min(EXTERNAL_PAUSE_GRACE_MS, stallTimeoutMs);
}

export interface EndSigns {
  /** Temp files of the download this scan found. */
  tempFiles: number;
  /** Files of it that finished since the scan before (external-finished-files.ts, `fresh`). */
  freshFinished: number;
  /** Time from the last file activity seen before this scan to this scan. */
  idleMs: number;
  stallTimeoutMs: number;
  /**
   * Whether a temp file of another program was ever shown in it. A download whose temp files were all another
   * hubget process's run's ends at once: such a run opens a file's temp file before its first request, keeps it
   * through its retries until the file is in place (counted then as finished) and goes on to its next file at once,
   * so none left means its run is over, or killed (its files are no longer shown: external-hubget-runs.ts).
   */
  otherProgram: boolean;
}

/** Whether the download has ended at this scan (see the file's comment). */
export function externalDownloadEnded(signs: EndSigns): boolean {
  if (signs.tempFiles > 0 || signs.freshFinished > 0) return false;
  if (!signs.otherProgram) return true;
  return signs.idleMs >= pauseGraceMs(signs.stallTimeoutMs);
}
