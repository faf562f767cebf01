/**
 * The paused download jobs of this server, by repo + commit (their place: jobPlaceKey), kept from the jobs
 * service's events: the mirror asks at each info, tree and paths-info answer with --mirror-offline which of a
 * commit's files a pull has (BlobFetcher.pausedAmong), and at each file request whether its pull is paused
 * (BlobFetcher.paused). The job list is read once, at the first question; from then on each job event (created,
 * changed, removed) updates the index, so no request reads the list. Before, each of those answers and requests
 * read the whole job list (docs/mirror-offline.md).
 */
import type { JobView } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import { jobKey, jobPlaceKey } from '../jobs/job-key.js';

/** A paused job's place (repo, type, revision, destination) and key (the place, include and exclude). */
interface Indexed {
  place: string;
  key: string;
}

export class PausedPulls {
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

  /** The id of the paused job of `key` (jobKey) at `place` (jobPlaceKey), if any. */
  idOf(place: string, key: string): string | undefined {
    return this.#index().get(place)?.get(key);
  }

  /** Whether a job at `place` (jobPlaceKey) is paused: most commits have none, and no file's key is then made. */
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

  /** A job created or changed: indexed while it is paused, forgotten once it is not. */
  #note(job: JobView): void {
    if (!isPausedDownload(job)) {
      this.#forget(job.id);
      return;
    }
    if (this.#byId?.has(job.id)) return;
    const indexed = { place: jobPlaceKey(job), key: jobKey(job) };
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

/** A job of this server that is paused (another program's download, watched, is no pull of the mirror). */
function isPausedDownload(job: JobView): boolean {
  return job.state === 'paused' && job.kind !== 'external';
}
