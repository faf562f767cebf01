/**
 * A running job's live figures — speed, range connections open, ETA — as the panel, the Downloads page
 * and the Model Manager show them; none at all while the server is unreachable: the last ones received
 * are not live, and a frozen "3.8 MB/s, ETA 48 s" would say they are.
 */
import type { JobView } from '../../../src/api-types.js';
import { jobEtaLabel, jobSpeedLabel } from './job-labels.js';

export interface JobLiveFigures {
  speed: string;
  connections: string;
  eta: string;
}

const NONE: JobLiveFigures = { speed: '', connections: '', eta: '' };

export function jobLiveFigures(job: JobView, serverReachable: boolean): JobLiveFigures {
  if (!serverReachable) return NONE;
  const connections =
    job.state === 'running' && job.connections > 0
      ? `${job.connections} conn${job.connections === 1 ? '' : 's'}`
      : '';
  return { speed: jobSpeedLabel(job), connections, eta: jobEtaLabel(job) };
}
