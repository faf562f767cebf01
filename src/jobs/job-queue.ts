/**
 * The queue order of jobs: a sort key per job (`queueOrder`, then creation time). `create`, `resume` and
 * `retry` append; `move` renumbers the queued jobs only (paused ones keep their numbers).
 */
import { HubgetError } from '../errors.js';
import { fieldError } from '../field-error.js';
import type { JobEntry } from './job-service-options.js';

export function queuedEntries(entries: Iterable<JobEntry>): JobEntry[] {
  return [...entries]
    .filter((entry) => entry.job.state === 'queued')
    .sort((a, b) => a.job.queueOrder - b.job.queueOrder || a.job.createdAt - b.job.createdAt);
}

export function nextQueueOrder(entries: Iterable<JobEntry>): number {
  let max = 0;
  for (const entry of entries) max = Math.max(max, entry.job.queueOrder);
  return Math.floor(max) + 1;
}

/**
 * A queue position (`move`): a whole number from 0 (next to start); one past the end of the queue, however
 * large, means the end. The API words a refusal of its schema with this message too (src/server/error-handler.ts).
 */
export function validateQueuePosition(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw fieldError(
      'position',
      'must be a whole number, 0 or more: 0 is next to start, and a position past the end of the queue means the end',
    );
  }
  return value;
}

/**
 * Puts `entry` at `position` (0 = next; past the end = last) among the queued jobs and renumbers them;
 * returns the queue and the entries whose sort key changed (to persist). INVALID_STATE for a job not queued,
 * INVALID_ARGUMENT for a position validateQueuePosition refuses.
 */
export function moveInQueue(
  entries: Iterable<JobEntry>,
  entry: JobEntry,
  position: number,
): { queue: JobEntry[]; changed: JobEntry[] } {
  if (entry.job.state !== 'queued') {
    throw new HubgetError('INVALID_STATE', `Only queued jobs can be moved; this one is ${entry.job.state}`);
  }
  validateQueuePosition(position);
  const queue = queuedEntries(entries).filter((other) => other !== entry);
  queue.splice(Math.min(position, queue.length), 0, entry);
  const base = queue.reduce((min, other) => Math.min(min, other.job.queueOrder), Number.POSITIVE_INFINITY);
  const changed: JobEntry[] = [];
  queue.forEach((other, index) => {
    if (other.job.queueOrder === base + index) return;
    other.job.queueOrder = base + index;
    changed.push(other);
  });
  return { queue, changed };
}

/**
 * Start-up: the jobs that were running (a crash or a shutdown interrupted them) and the queue orders that
 * put them back at the front of the queue, in their previous order.
 */
export function interruptedToFront(entries: Iterable<JobEntry>): { entry: JobEntry; queueOrder: number }[] {
  const all = [...entries];
  const interrupted = all.filter((entry) => entry.job.state === 'running');
  const front = Math.min(0, ...all.map((entry) => entry.job.queueOrder)) - interrupted.length;
  return interrupted.map((entry, index) => ({ entry, queueOrder: front + index }));
}
