/**
 * A running job's live figures — speed, range connections open and why, ETA — as the panel, the Downloads
 * page and the Model Manager show them; none at all while the server is unreachable: the last ones received
 * are not live, and a frozen "3.8 MB/s, ETA 48 s" would say they are.
 */
import type { JobView } from '../../../src/api-types.js';
import {
  CONNECTIONS_REASON_LABELS,
  CONNECTIONS_REASON_SENTENCES,
  connectionsCount,
  shownConnectionsReason,
  showsConnections,
} from '../../../src/format/connections-label.js';
import { jobEtaLabel, jobSpeedLabel } from './job-labels.js';

export interface JobLiveFigures {
  speed: string;
  /** `12 conns`. */
  connections: string;
  /** Why that many, short (`CPU-bound`); empty when not known. */
  connectionsReason: string;
  /** The tooltip of both: what the count is, and the reason's sentence. */
  connectionsTitle: string;
  eta: string;
}

const CONNECTIONS_TITLE = 'Range connections open';

const NONE: JobLiveFigures = {
  speed: '',
  connections: '',
  connectionsReason: '',
  connectionsTitle: CONNECTIONS_TITLE,
  eta: '',
};

export function jobLiveFigures(job: JobView, serverReachable: boolean): JobLiveFigures {
  if (!serverReachable) return NONE;
  const live = { speed: jobSpeedLabel(job), eta: jobEtaLabel(job) };
  const reason = shownConnectionsReason(job.connectionsReason, job.speed);
  if (job.state !== 'running' || !showsConnections(job.connections, reason)) return { ...NONE, ...live };
  return {
    ...live,
    connections: connectionsCount(job.connections),
    connectionsReason: reason ? CONNECTIONS_REASON_LABELS[reason] : '',
    connectionsTitle: reason
      ? `${CONNECTIONS_TITLE}. ${CONNECTIONS_REASON_SENTENCES[reason]}`
      : CONNECTIONS_TITLE,
  };
}
