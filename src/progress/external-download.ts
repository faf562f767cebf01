/** What the external watcher (external-watcher.ts) reports of one download another program runs. */
import type { RepoType } from '../hub/types.js';

export interface ExternalDownloadFile {
  path: string;
  /** Apparent length (st_size). */
  size: number;
  mtimeMs: number;
}

export interface ExternalDownload {
  /** Stable while the download lasts: derived from its folder. */
  id: string;
  repoId: string | null;
  repoType: RepoType;
  location: 'cache' | 'local';
  /** Repo folder in the hub cache, or the local dir. */
  folder: string;
  files: ExternalDownloadFile[];
  /** Bytes written: temp files (counted as in external-file-size.ts) + files finished since first seen. */
  downloaded: number;
  /** Files finished since first seen that count in `downloaded` (external-finished-files.ts). */
  filesDone: number;
  total: number | null;
  /** 0–100, one decimal; null without a total. */
  percent: number | null;
  bytesPerSecond: number;
  /** How long the rate was measured over, in ms (for the ETA rule, eta.ts). */
  rateSampledMs: number;
  /** Unix ms of the last size/mtime/file-set change (at first sight: newest temp file mtime). */
  lastActivityAt: number;
  stalled: boolean;
  stallReason: string | null;
  /** The hubget runs of other processes writing its temp files, `pid 4242` (`hubgetRunsOf`); [] for other programs. */
  hubgetRuns: string[];
}
