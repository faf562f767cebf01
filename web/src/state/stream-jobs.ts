/**
 * The job events the stream delivered while a job list was on its way. The list (GET /api/downloads) and the
 * stream are two connections with no order between them: a list the server wrote while a job still ran can
 * arrive after the stream said the job completed. Taken as it is, it put the job back to "Downloading 0.0%"
 * for good (a small download fetched from a repo page: the Download's own re-read of the list lost the race),
 * since an ended job sends no further event. So for every job the stream spoke of after the fetch began, the
 * stream's word wins, a removal too: any later change of that job comes as an event as well (state changes are
 * sent at once, running jobs re-published every tick: src/server/event-hub.ts).
 */
import type { JobView } from '../../../src/api-types.js';

export class StreamJobs {
  #seq = 0;
  /** Each job's latest stream event, by sequence number; null: removed. Kept while a fetch may need it. */
  readonly #latest = new Map<string, { seq: number; job: JobView | null }>();
  /** The sequence numbers at which the fetches on their way began. */
  readonly #fetches: number[] = [];

  /** A `job` (or, with null, `job-removed`) event from the stream. */
  record(id: string, job: JobView | null): void {
    if (this.#fetches.length === 0) return;
    this.#seq += 1;
    this.#latest.set(id, { seq: this.#seq, job });
  }

  /** A job list fetch begins; its token goes to `settle` (or `abandon` when it fails). */
  begin(): number {
    this.#fetches.push(this.#seq);
    return this.#seq;
  }

  /** The fetched list with what the stream said since `token` in place of the list's word: in its place, added, or removed. */
  settle(token: number, jobs: readonly JobView[]): JobView[] {
    const newer = new Map([...this.#latest].filter(([, entry]) => entry.seq > token));
    this.abandon(token);
    if (newer.size === 0) return [...jobs];
    const listed = new Set(jobs.map((job) => job.id));
    const merged = jobs.flatMap((job) => {
      const entry = newer.get(job.id);
      if (entry === undefined) return [job];
      return entry.job === null ? [] : [entry.job];
    });
    for (const [id, entry] of newer) if (!listed.has(id) && entry.job !== null) merged.push(entry.job);
    return merged;
  }

  abandon(token: number): void {
    const index = this.#fetches.indexOf(token);
    if (index >= 0) this.#fetches.splice(index, 1);
    // Only what a fetch still on its way may need is kept.
    const oldest = this.#fetches.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...this.#fetches);
    for (const [id, entry] of this.#latest) if (entry.seq <= oldest) this.#latest.delete(id);
  }
}
