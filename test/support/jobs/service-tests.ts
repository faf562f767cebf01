/** Shared set-up of the jobs service's tests: one harness per test, cleaned up after it. */
import { afterEach } from 'vitest';
import { isHubgetError } from '../../../src/errors.js';
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
