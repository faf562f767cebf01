/**
 * Which failures a second run may get past, and what to say of the bytes a failed download kept: one rule for
 * the CLI's error line (`… kept: run the same command again to resume`, src/cli/cli-error.ts) and the web UI's
 * failed job (`Free some space, then Retry: it resumes (73.14 MB kept)`). Pure, for web/ too.
 */
import { formatBytes } from './units.js';

/** Failures a second run may get past (the network, the disk, the Hub's load): what is on disk then counts. */
const RERUN_MAY_HELP: ReadonlySet<string> = new Set([
  'TRANSFER_FAILED',
  'STALLED',
  'NETWORK_UNREACHABLE',
  'RATE_LIMITED',
  'HUB_HTTP_ERROR',
  'URL_EXPIRED',
  'DISK_FULL',
  'IO_ERROR',
  'DOWNLOAD_DELETED',
]);

/** Whether a download that failed with `code` may finish when run again, from what it kept on disk. */
export function rerunMayHelp(code: string): boolean {
  return RERUN_MAY_HELP.has(code);
}

/**
 * Whether a second run meets the failure again unless the user frees disk space first (DISK_FULL): the hint
 * after it says so, in the CLI's error line and under the web UI's failed job alike.
 */
export function needsSpaceFreed(code: string): boolean {
  return code === 'DISK_FULL';
}

/**
 * The line under a failed job's error in the web UI, once bytes of it are on disk and a Retry may finish it
 * (Retry goes on from the temp files the failure kept): `Free some space, then Retry: it resumes (73.14 MB
 * kept)` after DISK_FULL, `Retry resumes it (73.14 MB kept)` after the others; null otherwise (nothing kept,
 * or a failure a Retry would meet again).
 */
export function retryResumesHint(job: {
  state: string;
  error: { code: string } | null;
  downloaded: number;
}): string | null {
  if (job.state !== 'failed' || !job.error || job.downloaded <= 0 || !rerunMayHelp(job.error.code))
    return null;
  const kept = `(${formatBytes(job.downloaded)} kept)`;
  return needsSpaceFreed(job.error.code)
    ? `Free some space, then Retry: it resumes ${kept}`
    : `Retry resumes it ${kept}`;
}
