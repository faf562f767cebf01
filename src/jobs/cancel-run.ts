/**
 * A cancel's work after the state changed: its run stopped, then the files it left removed (temp files, the
 * progress file) and its partial files dropped from the job's numbers. Until that is done the job does not start
 * again (`JobEntry.cleaning`, start-now.ts): a retry right after the cancel would start a run whose temp files
 * the cancel then deleted. A cancel of a job retried while its last cancel still cleans up waits for that one.
 */

import { type RunHost, removeRunTempFiles, stopRun } from './job-run.js';
import type { JobEntry } from './job-service-options.js';
import { persistProgress } from './job-ticks.js';
import { removeProgressFile } from './progress-files.js';

export async function cancelRun(host: RunHost, entry: JobEntry): Promise<void> {
  const cleaning = (async () => {
    await entry.cleaning;
    await stopRun(entry, 'cancel');
    await removeProgressFile(entry, host.progressDir());
    await removeRunTempFiles(host, entry);
    entry.telemetry.dropPartialFiles();
    persistProgress(host.store, entry);
    host.publishJob(entry);
  })();
  entry.cleaning = cleaning;
  try {
    await cleaning;
  } finally {
    if (entry.cleaning === cleaning) entry.cleaning = undefined;
    host.pump();
  }
}
