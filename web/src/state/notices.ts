/** In-page notices (toasts) and their derivation from job state changes when no event stream is available. */
import type { JobView } from '../../../src/api-types.js';

export interface Notice {
  level: 'success' | 'error' | 'info';
  jobId: string;
  title: string;
  message: string;
}

/** Completion / failure notices for jobs that finished between two lists (polling mode). */
export function transitionNotices(previous: Readonly<Record<string, JobView>>, next: JobView[]): Notice[] {
  const notices: Notice[] = [];
  for (const job of next) {
    const before = previous[job.id];
    if (!before || before.state === job.state) continue;
    if (job.state === 'completed') {
      notices.push({ level: 'success', jobId: job.id, title: 'Download complete', message: job.name });
    } else if (job.state === 'failed') {
      notices.push({
        level: 'error',
        jobId: job.id,
        title: 'Download failed',
        message: job.error ? `${job.name}: ${job.error.message}` : job.name,
      });
    }
  }
  return notices;
}
