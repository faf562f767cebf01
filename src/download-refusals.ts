/**
 * The error codes with which a download is refused as asked, shared by the server (src/jobs/) and the web UI
 * (the download form) so that the two cannot drift. Pure: no node imports.
 */
import type { ErrorCode } from './errors.js';

/** The Hub's answers about the repo itself: the download cannot succeed as asked (src/jobs/download-refusal.ts). */
export const HUB_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'REPO_NOT_FOUND',
  'REVISION_NOT_FOUND',
  'GATED_REPO',
  'UNAUTHORIZED',
  'FORBIDDEN',
]);

/**
 * What POST /api/downloads refuses with: the Hub's refusals, and ENTRY_NOT_FOUND for patterns that leave no
 * file (src/jobs/download-check.ts). A preview that fails with one of them: the web UI turns Download off.
 */
export const DOWNLOAD_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...HUB_REFUSALS,
  'ENTRY_NOT_FOUND',
]);

/** Whether an error code (an API error's `code`) is one POST /api/downloads refuses a download with. */
export function isDownloadRefusal(code: string): boolean {
  return (DOWNLOAD_REFUSALS as ReadonlySet<string>).has(code);
}
