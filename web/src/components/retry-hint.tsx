/**
 * Under a failed job's error: that Retry resumes it from what it kept, once bytes of it are on disk and the
 * failure is one a second run may get past (DISK_FULL, the network, a stall, the Hub's 5xx), in the rule the
 * CLI's error line follows (src/format/resumable-failure.ts). Nothing otherwise.
 */
import type { JobView } from '../../../src/api-types.js';
import { retryResumesHint } from '../../../src/format/resumable-failure.js';

export function RetryHint({ job }: { job: Pick<JobView, 'state' | 'error' | 'downloaded'> }) {
  const hint = retryResumesHint(job);
  return hint ? <p className="muted retry-hint">{hint}</p> : null;
}
