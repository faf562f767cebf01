/** Shared set-up of the jobs service's tests: one harness per test, cleaned up after it. */
import { afterEach, expect } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { isHubgetError } from '../../../src/errors.js';
import type { JobServiceEvent } from '../../../src/jobs/index.js';
import { createHarness, type Harness, type HarnessOverrides } from './service-harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const created of harnesses.splice(0)) await created.cleanup();
});

/** A harness cleaned up after the current test. */
export function harness(options?: HarnessOverrides): Harness {
  const created = createHarness(options);
  harnesses.push(created);
  return created;
}

/** The HubgetError code a call or promise fails with ('no error' if it does not). */
export async function errorCode(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return isHubgetError(error) ? error.code : `not a HubgetError: ${String(error)}`;
  }
  return 'no error';
}

/** repoId → state of every job. */
export const states = (h: Harness) =>
  Object.fromEntries(h.service.list().map((job) => [job.repoId, job.state]));

/** The views of job `id` in the order the service sent them. */
export function viewsOf(events: JobServiceEvent[], id: string): JobView[] {
  return events.flatMap((event) => (event.type === 'job' && event.job.id === id ? [event.job] : []));
}

/** `downloaded` and `percent` never go down from one view to the next (the bar never jumps back). */
export function expectNeverDown(views: JobView[]): void {
  for (let index = 1; index < views.length; index++) {
    const [before, after] = [views[index - 1]!, views[index]!];
    expect(
      after.downloaded,
      `event ${index}: ${before.downloaded} → ${after.downloaded}`,
    ).toBeGreaterThanOrEqual(before.downloaded);
    expect(after.percent, `event ${index}: ${before.percent} % → ${after.percent} %`).toBeGreaterThanOrEqual(
      before.percent,
    );
  }
}
