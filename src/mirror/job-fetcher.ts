/**
 * The mirror's BlobFetcher: one download job per file (the jobs service — the same engine, queue,
 * connection budget and bandwidth limits as any download, visible in the UI and the API), pinned to the
 * commit, selecting exactly that file; it starts at once, outside the queue (MIRROR_JOB_OPTIONS). While
 * clients wait on a job (waiting-clients.ts), it may not be paused or cancelled (`holds`), and a paused one is
 * resumed at once; with none waiting it is paused, cancelled and deleted like any download. An operator who
 * stops it anyway lets its clients go first (`release`: their answers are cut).
 */
import type { JobView } from '../api-types.js';
import { type ErrorCode, HubgetError } from '../errors.js';
import { exactPathPattern } from '../hub/index.js';
import type { FailedAttempt, FailedAttempts, JobService, WrittenRanges } from '../jobs/index.js';
import { jobKey, jobPlaceKey } from '../jobs/job-key.js';
import { mirrorPullName } from '../mirror-pull.js';
import { LivePulls } from './live-pulls.js';
import type { BlobFetcher, BlobFetchRequest, FailedAttemptError, PullWaitReport } from './pull-through.js';
import type { WaitingClients } from './waiting-clients.js';

export interface JobFetcherOptions {
  jobs: JobService;
  /** The jobs service's fan-out of written ranges: clients get bytes as they land, not at the next poll. */
  writtenRanges?: WrittenRanges;
  /**
   * The jobs service's fan-out of failed attempts: the mirror hears of its pulls' and of the user's downloads'
   * (the same upstream and token: their `429`s count against the mirror's quota), told apart.
   */
  failedAttempts?: FailedAttempts;
  /** Bytes fetched upstream by mirror jobs (deltas of their progress). */
  onUpstreamBytes?: (bytes: number) => void;
  log?: (message: string, details: object) => void;
}

/**
 * A mirror pull starts at once, outside the queue's `maxParallel` (CreateOptions.startNow), whatever the file's
 * size: a client waits on every one (a mirror job exists because a client asked for its file), and a client
 * reading nothing gives up (huggingface_hub after 10 s without a byte), so none may wait behind other pulls or
 * the user's downloads (docs/mirror.md, "Limits"). The connection budget and the bandwidth limits still hold:
 * the pulls share the budget's connections fairly with every running download.
 */
const MIRROR_JOB_OPTIONS = { startNow: true } as const;

export function createJobFetcher(options: JobFetcherOptions): BlobFetcher {
  const { jobs, failedAttempts } = options;
  const live = new LivePulls(jobs);
  const seen = new Map<string, number>();
  const active = new Map<string, number>();
  /** The clients of each job's fetches: a job is held while one of them has a client waiting. */
  const waiting = new Map<string, Set<WaitingClients>>();
  jobs.subscribe((event) => {
    if (event.type !== 'job') return;
    const before = seen.get(event.job.id);
    if (before === undefined) return;
    const delta = event.job.downloaded - before;
    if (delta > 0) {
      seen.set(event.job.id, event.job.downloaded);
      options.onUpstreamBytes?.(delta);
    }
  });

  return {
    holds: (jobId) => [...(waiting.get(jobId) ?? [])].some((clients) => clients.count > 0),
    release: (jobId, reason) =>
      [...(waiting.get(jobId) ?? [])].reduce((count, clients) => count + clients.release(reason), 0),
    ...(options.writtenRanges && {
      observeWrites: options.writtenRanges.observe.bind(options.writtenRanges),
      observeRestarts: options.writtenRanges.observeRestarts.bind(options.writtenRanges),
    }),
    ...(failedAttempts && {
      observeFailedAttempts: (listener) =>
        failedAttempts.observe((attempt) => listener(attempt.error, active.has(attempt.jobId))),
    }),
    paused: (request) => liveJobOf(live, request)?.paused === true,
    running: (request) => liveJobOf(live, request)?.paused === false,
    liveAmong(request, files) {
      const place = pullPlaceOf(request);
      if (!live.anyAt(place)) return [];
      return files.filter((file) => live.of(place, pullKeyOf({ ...request, file })) !== undefined);
    },
    async placed(request) {
      const id = pausedJobOf(live, request);
      if (id === undefined || (await jobs.completeIfOnDisk(id))) return true;
      // Not completed: still paused (its file not found on disk), or resumed, cancelled or removed meanwhile.
      return pausedJobOf(live, request) === undefined;
    },
    async fetch({
      repo,
      commit,
      file,
      clients,
      onFailedAttempt,
      onWaiting,
      onPaused,
    }: BlobFetchRequest): Promise<void> {
      const request = pullRequestOf({ repo, commit, file });
      // Heard from before the job is made or joined, so that no failed try is missed that falls between the two
      // (the job's id is known only once create returns: the tries heard meanwhile wait for it, then its own go on).
      const attempts =
        onFailedAttempt && failedAttempts ? attemptsOfOneJob(failedAttempts, onFailedAttempt) : undefined;
      let job: JobView;
      try {
        ({ job } = await jobs.create(request, MIRROR_JOB_OPTIONS));
      } catch (error) {
        attempts?.stop();
        throw error;
      }
      // A job joined running may wait for the Hub already (a 429 or 5xx answered before this join): settled tells
      // that wait at once (onWaiting), from the job's state; here the tries heard meanwhile.
      attempts?.of(job.id);
      // A job of this pull that is queued while clients wait on it (resumed after a pause: it queues) starts
      // at once too; joining it with startNow starts it.
      const startNow = () => jobs.create(request, MIRROR_JOB_OPTIONS).then(() => undefined);
      if (!seen.has(job.id)) seen.set(job.id, job.downloaded);
      active.set(job.id, (active.get(job.id) ?? 0) + 1);
      const held = waiting.get(job.id) ?? new Set();
      waiting.set(job.id, held.add(clients));
      try {
        await settled(jobs, job.id, { clients, startNow, onWaiting, onPaused, log: options.log });
      } finally {
        attempts?.stop();
        held.delete(clients);
        if (held.size === 0) waiting.delete(job.id);
        const left = (active.get(job.id) ?? 1) - 1;
        if (left > 0) active.set(job.id, left);
        else {
          active.delete(job.id);
          seen.delete(job.id);
        }
      }
    },
  };
}

/** The live download job of a pull (queued, running or paused), if any (LivePulls: no read of the job list). */
function liveJobOf(live: LivePulls, request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>) {
  return live.of(pullPlaceOf(request), pullKeyOf(request));
}

/** The id of the paused download job of a pull, if any. */
function pausedJobOf(
  live: LivePulls,
  request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>,
): string | undefined {
  const job = liveJobOf(live, request);
  return job?.paused ? job.id : undefined;
}

/**
 * The failed attempts of one job, heard from now on, before its id is known: those heard until `of` names it are
 * kept, and handed to `listener` then if they are its own; from then on its own go to `listener` as they come.
 */
function attemptsOfOneJob(
  failedAttempts: FailedAttempts,
  listener: (error: FailedAttemptError) => void,
): { of: (jobId: string) => void; stop: () => void } {
  let id: string | undefined;
  const early: FailedAttempt[] = [];
  const stop = failedAttempts.observe((attempt) => {
    if (id === undefined) early.push(attempt);
    else if (attempt.jobId === id) listener(attempt.error);
  });
  return {
    of(jobId) {
      id = jobId;
      for (const attempt of early.splice(0)) if (attempt.jobId === jobId) listener(attempt.error);
    },
    stop,
  };
}

/**
 * The wait for the Hub of a job as a whole (JobView.waits: a request answered 408, 429 or 5xx, waiting before its
 * next try, none of its file's connections open; the listing's too) that ends last: the answer that started it, as the
 * engine reported it (the wait's code, message and what is left of the wait the Hub asked for, the job's state:
 * src/jobs/retry-waits.ts), and the time left until the job's next try. Undefined when it waits for none.
 */
function waitOf(job: JobView): PullWaitReport | undefined {
  let last: JobView['waits'][number] | undefined;
  for (const wait of job.waits) if (last === undefined || wait.leftMs >= last.leftMs) last = wait;
  if (last === undefined) return undefined;
  const error: FailedAttemptError = {
    code: last.code as ErrorCode,
    message: last.message,
    status: last.status,
    ...(last.askedLeftMs === null ? {} : { retryAfterMs: last.askedLeftMs }),
  };
  return { error, leftMs: Math.max(0, last.leftMs) };
}

/** The place (jobPlaceKey) of the download jobs of a commit's pulls: its repo and commit, in the cache. */
function pullPlaceOf({ repo, commit }: Pick<BlobFetchRequest, 'repo' | 'commit'>): string {
  return jobPlaceKey({ repoId: repo.repoId, repoType: repo.repoType, revision: commit, localDir: null });
}

/** The key (jobKey) of a pull's download job. */
function pullKeyOf(request: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>): string {
  return jobKey({ ...pullRequestOf(request), exclude: [], localDir: null });
}

/** The download job of a pull: the one file, pinned to the commit, named after it (mirrorPullName). */
function pullRequestOf({ repo, commit, file }: Pick<BlobFetchRequest, 'repo' | 'commit' | 'file'>) {
  return {
    repoId: repo.repoId,
    repoType: repo.repoType,
    revision: commit,
    include: [exactPathPattern(file.path)],
    name: mirrorPullName(repo.repoId, file.path),
  };
}

/** What settled watches a job for: its waiting clients, and whom it tells of the job's state. */
interface Watch {
  clients: WaitingClients;
  startNow: () => Promise<void>;
  /** Told at each update of the job whether it waits for the Hub as a whole, and why (BlobFetchRequest.onWaiting). */
  onWaiting: ((wait: PullWaitReport | undefined) => void) | undefined;
  /** Told at each state of the job whether it is paused (BlobFetchRequest.onPaused). */
  onPaused: ((paused: boolean) => void) | undefined;
  log: JobFetcherOptions['log'];
}

/**
 * Resolves when job `id` completed, rejects when it failed, was cancelled or removed. A paused job is resumed
 * while clients wait on it (at once, or when the next one arrives); with none it stays paused.
 */
function settled(
  jobs: JobService,
  id: string,
  { clients, startNow, onWaiting, onPaused, log }: Watch,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = (job: JobView | undefined): boolean => {
      if (job === undefined) {
        reject(new HubgetError('TRANSFER_FAILED', 'The mirror download job was removed'));
        return true;
      }
      if (job.state === 'completed') resolve();
      else if (job.state === 'failed' || job.state === 'cancelled') {
        reject(
          new HubgetError(
            (job.error?.code as ErrorCode | undefined) ?? 'TRANSFER_FAILED',
            job.error?.message ?? `The mirror download of ${job.name} was ${job.state}`,
          ),
        );
      } else {
        onWaiting?.(waitOf(job));
        onPaused?.(job.state === 'paused');
        if (job.state === 'paused' && clients.count > 0) {
          log?.('mirror job paused while clients wait on it: resuming', { jobId: id });
          jobs
            .resume(id)
            .then(startNow)
            .catch(() => undefined);
        } else if (job.state === 'queued' && clients.count > 0) startNow().catch(() => undefined);
        return false;
      }
      return true;
    };
    if (check(jobs.get(id))) return;
    const stopHearingClients = clients.onArrival(() => check(jobs.get(id)));
    const unsubscribe = jobs.subscribe((event) => {
      const over =
        (event.type === 'job' && event.job.id === id && check(event.job)) ||
        (event.type === 'job-removed' && event.id === id && check(undefined));
      if (!over) return;
      unsubscribe();
      stopHearingClients();
    });
  });
}
