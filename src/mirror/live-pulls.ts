/**
 * The download jobs of this server that are not over (queued, running or paused), by repo + commit (their place:
 * jobPlaceKey), kept from the jobs service's events: the mirror asks at each info, tree and paths-info answer with
 * --mirror-offline which of a commit's files a pull has (BlobFetcher.liveAmong), and at each file request it cannot
 * answer from the cache whether a pull of the file is paused (BlobFetcher.paused) or runs without this process
 * watching it yet (BlobFetcher.running: an operator resumed a paused one). The job list is read once, at the first
 * question; from then on each job event (created, changed, removed) updates the index, so no request reads the list.
 * Before, each of those answers and requests read the whole job list (docs/mirror-offline.md).
 */
import type { JobView } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import { jobKey, jobPlaceKey } from '../jobs/job-key.js';

/** A live job's place (repo, type, revision, destination), key (the place, include and exclude) and state. */
interface Indexed {
  place: string;
  key: string;
  paused: boolean;
}

/** A live job of a download: its id, and whether it is paused (else queued or running). */
export interface LivePull {
  id: string;
  paused: boolean;
}

export class LivePulls {
  readonly #jobs: JobService;
  /** By job id; undefined until the first question reads the job list. */
  #byId: Map<string, Indexed> | undefined;
  /** Place → key → job id. */
  readonly #byPlace = new Map<string, Map<string, string>>();

  constructor(jobs: JobService) {
    this.#jobs = jobs;
    // Subscribed before the first read: the list is read synchronously, so no event falls between the two.
    jobs.subscribe((event) => {
      if (this.#byId === undefined) return;
      if (event.type === 'job') this.#note(event.job);
      else if (event.type === 'job-removed') this.#forget(event.id);
    });
  }

  /** The live job of `key` (jobKey) at `place` (jobPlaceKey), if any. */
  of(place: string, key: string): LivePull | undefined {
    const id = this.#index().get(place)?.get(key);
    const indexed = id === undefined ? undefined : this.#byId?.get(id);
    return id === undefined || indexed === undefined ? undefined : { id, paused: indexed.paused };
  }

  /** Whether a job at `place` (jobPlaceKey) is live: most commits have none, and no file's key is then made. */
  anyAt(place: string): boolean {
    return this.#index().has(place);
  }

  #index(): Map<string, Map<string, string>> {
    if (this.#byId === undefined) {
      this.#byId = new Map();
      for (const job of this.#jobs.list()) this.#note(job);
    }
    return this.#byPlace;
  }

  /** A job created or changed: indexed while it is live (its state kept), forgotten once it is over. */
  #note(job: JobView): void {
    if (!isLiveDownload(job)) {
      this.#forget(job.id);
      return;
    }
    const known = this.#byId?.get(job.id);
    if (known) {
      known.paused = job.state === 'paused';
      return;
    }
    const indexed = { place: jobPlaceKey(job), key: jobKey(job), paused: job.state === 'paused' };
    this.#byId?.set(job.id, indexed);
    const keys = this.#byPlace.get(indexed.place) ?? new Map<string, string>();
    this.#byPlace.set(indexed.place, keys.set(indexed.key, job.id));
  }

  #forget(id: string): void {
    const indexed = this.#byId?.get(id);
    if (indexed === undefined) return;
    this.#byId?.delete(id);
    const keys = this.#byPlace.get(indexed.place);
    keys?.delete(indexed.key);
    if (keys?.size === 0) this.#byPlace.delete(indexed.place);
  }
}

/** A job of this server that is not over (another program's download, watched, is no pull of the mirror). */
function isLiveDownload(job: JobView): boolean {
  return (
    job.kind !== 'external' && (job.state === 'paused' || job.state === 'queued' || job.state === 'running')
  );
}
