import { describe, expect, it, vi } from 'vitest';

const createDefaultJobRunner = vi.fn((options: unknown) => ({ options }));
vi.mock('../jobs/default-job-runner.js', () => ({ createDefaultJobRunner }));

const { jobRunnerOf } = await import('./serve.js');
const config = (mirror: boolean) => (mirror ? { mirror: { offline: false } } : {}) as never;

describe('jobRunnerOf', () => {
  it("gives a mirror's jobs the CLI's quick give-up on an unreachable host; other servers ride an outage out", () => {
    expect(jobRunnerOf(config(false), {})).toEqual({});
    expect(jobRunnerOf(config(true), {})).toEqual({
      runner: { options: { retryPolicy: { unreachableFailures: 5 } } },
    });
    expect(jobRunnerOf(config(true), { retryPolicy: { delayScale: 0.01 } })).toEqual({
      runner: { options: { retryPolicy: { delayScale: 0.01 } } },
    });
  });
});
