/**
 * Which external download a running job waits for, and the reverse: a `hubget download` in a terminal (or
 * another server's job) fetching files of a repo the server also has a job for shows twice, as the job (its
 * `waitingFor`, the other run's files it waits for, with who runs them) and as an external download (the
 * watcher's reading of that run's temp files, with who runs them: `hubgetRuns`). Both name the run in the same
 * words (`ownerLabel`, src/progress/waiting-lines.ts: `pid 4242`, `pid 4242 on build-2`), so a run named by both,
 * of the same repo, is the same download. Pure: the web UI's rows pair them by it.
 *
 * Sound only as far as the names are: a pid names one process while it lives (the watcher shows only live
 * runs: their claims' lock is held), and one `hubget download` fetches one repo; another host's server may run
 * several jobs, which the repo tells apart unless two of them fetch the same repo into different places.
 */
import type { JobView } from '../api-types.js';

type Pairable = Pick<JobView, 'id' | 'kind' | 'state' | 'repoId' | 'repoType' | 'waitingFor' | 'hubgetRuns'>;

function sameRun(job: Pairable, external: Pairable): boolean {
  if (job.kind !== 'download' || job.state !== 'running' || job.waitingFor === null) return false;
  if (external.kind !== 'external' || external.repoId === '') return false;
  if (external.repoId !== job.repoId || external.repoType !== job.repoType) return false;
  return job.waitingFor.owners.some((owner) => external.hubgetRuns.includes(owner));
}

/** The external downloads among `all` whose files `job` waits for. */
export function downloadsWaitedFor<T extends Pairable>(job: Pairable, all: readonly T[]): T[] {
  return all.filter((external) => sameRun(job, external));
}

/** The jobs among `all` that wait for files the external download `external` fetches. */
export function jobsWaitingOn<T extends Pairable>(external: Pairable, all: readonly T[]): T[] {
  return all.filter((job) => sameRun(job, external));
}
