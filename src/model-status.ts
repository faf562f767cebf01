/**
 * The Model Manager status of a model, from its latest job and what is on disk. One rule for the server
 * (GET /api/models) and the web UI (live updates between two fetches of that list). No imports at run
 * time, so web/ can import it directly.
 */
import type { JobState, ModelListEntry } from './api-types.js';

export function modelStatus(jobState: JobState | undefined, installed: boolean): ModelListEntry['status'] {
  switch (jobState) {
    case 'queued':
      return 'queued';
    case 'running':
      return 'downloading';
    case 'paused':
      return 'paused';
    // The latest attempt failed: show it (with Retry) even if an older copy is on disk.
    case 'failed':
      return 'failed';
    // completed, cancelled, or no job: what is on disk decides (files may have been deleted since).
    default:
      return installed ? 'installed' : 'not-installed';
  }
}
