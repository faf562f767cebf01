/**
 * The full name of a job for a tooltip (`title`) where its name is cut with an ellipsis: the name, and the
 * repo id when the name does not already end it (a custom name, a GGUF quantization's "model Q4_K_M").
 */
import type { JobView } from '../../../src/api-types.js';

export function jobFullName(job: Pick<JobView, 'name' | 'repoId'>): string {
  if (job.repoId === job.name || job.repoId.endsWith(`/${job.name}`)) return job.repoId;
  return `${job.name} (${job.repoId})`;
}
