import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import type { HubgetError } from '../errors.js';
import type { JobsLogger } from './job-service-options.js';

describe('jobs service: a bug in a run', () => {
  it('fails the job with INTERNAL_ERROR (not TRANSFER_FAILED) and logs the stack', async () => {
    const logged: { level: string; details: Record<string, unknown>; message: string }[] = [];
    const log =
      (level: string) =>
      (details: object, message: string): void => {
        logged.push({ level, details: details as Record<string, unknown>, message });
      };
    const logger: JobsLogger = { info: log('info'), warn: log('warn'), error: log('error') };
    const h = harness({ logger });
    const { job } = await h.service.create({ repoId: 'org/buggy' });
    await waitFor(() => h.runner.active.has('org/buggy'), 'running');
    const bug = new TypeError("Cannot read properties of undefined (reading 'size')");
    h.runner.active.get('org/buggy')!.fail(bug as unknown as HubgetError);
    await waitFor(() => h.service.get(job.id)!.state === 'failed', 'failed');
    expect(h.service.get(job.id)!.error).toEqual({
      code: 'INTERNAL_ERROR',
      message:
        "Internal error (a bug in hubget, please report it): TypeError: Cannot read properties of undefined (reading 'size')",
    });
    const entry = logged.find((line) => line.message === 'Job failed');
    expect(entry).toBeDefined();
    expect(entry!.details.err).toBe(bug);
    expect(String((entry!.details.err as Error).stack)).toContain('internal-error.test.ts');
  });
});
