import { describe, expect, it, vi } from 'vitest';

const createDefaultJobRunner = vi.fn((options: unknown) => ({ options }));
vi.mock('../jobs/default-job-runner.js', () => ({ createDefaultJobRunner }));

const { jobRunnerOf } = await import('./serve.js');

describe('jobRunnerOf', () => {
  it("keeps the server jobs' outage-tolerant runner, a mirror's included; tests pass their own policy", () => {
    expect(jobRunnerOf({})).toEqual({});
    expect(jobRunnerOf({ retryPolicy: { delayScale: 0.01 } })).toEqual({
      runner: { options: { retryPolicy: { delayScale: 0.01 } } },
    });
    // A mirror's remembered 429 waits gate the calls a person waits on (the preview).
    const quota = { check: () => undefined, limited: () => undefined };
    expect(jobRunnerOf({}, quota)).toEqual({ runner: { options: { quota } } });
  });
});
