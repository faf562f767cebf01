/**
 * A server job's Hub calls follow its range requests' rule (src/hub/retry-policy.ts, failuresAllowed): a job
 * that starts, or resumes after a restart, while the Hub does not answer at all rides the outage out with
 * `retrying` set (what fails, which try), and downloads once the Hub answers; a Hub that answers an error
 * (401, 503) fails the job as soon as before, and so does a policy that gives up quickly (a mirror's jobs).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/hub/retry-policy.js';
import { createDefaultJobRunner } from '../../src/jobs/default-job-runner.js';
import type { DefaultJobService } from '../../src/jobs/job-service.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const REPO = { repoId: 'org/outage', files: [{ path: 'weights.bin', size: 300_000 }] };
/** Backoff at its ceiling, scaled: the 40 tries of SERVER_JOB_RETRY_POLICY last ≈ 15 s, the first ones 50–400 ms. */
const SHORT_BACKOFF: Partial<RetryPolicy> = { delayScale: 0.05, random: () => 1 };

const engines = engineServices('hub-outage');
afterEach(() => engines.stopAll());

function startService(
  endpoint: string,
  retryPolicy: Partial<RetryPolicy> = SHORT_BACKOFF,
  existingDir?: string,
): Promise<DefaultJobService> {
  return engines.start(endpoint, { runner: createDefaultJobRunner({ retryPolicy }) }, existingDir);
}

describe('a server job while the Hub is unreachable', () => {
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it('keeps retrying its listing, says so, across a restart, and downloads once the Hub answers', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const service = await startService(endpoint);
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => service.get(job.id)?.retrying != null, 'a retry of the listing', 5000);
    expect(service.get(job.id)).toMatchObject({ state: 'running', error: null });
    expect(service.get(job.id)!.retrying!.message).toMatch(
      new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(service.get(job.id)!.retrying!.unreachable).toEqual({
      code: 'ECONNREFUSED',
      host: `127.0.0.1:${port}`,
    });
    // Counted as seconds without data, so the web UI shows the retry line ("Cannot reach … — retrying (try N)").
    await waitFor(() => service.get(job.id)!.noDataSeconds >= 1, 'a quiet second', 5000);
    expect(service.get(job.id)!.retrying!.attempt).toBeGreaterThanOrEqual(2);

    // A restart while the Hub is still down: the recovered job rides the outage out as well.
    await service.shutdown();
    const again = await startService(endpoint, SHORT_BACKOFF, engines.dir);
    await waitFor(() => again.get(job.id)?.retrying != null, 'a retry after the restart', 5000);
    expect(again.get(job.id)!.state).toBe('running');

    hub = await startTestHub({ port });
    await hub.addRepo(REPO);
    await waitFor(() => again.get(job.id)?.state === 'completed', 'completed', 10_000);
    expect(again.get(job.id)).toMatchObject({ retrying: null, error: null, downloaded: 300_000 });
  });

  it('fails as soon as before with a policy that gives up quickly (a mirror’s jobs)', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const service = await startService(endpoint, { ...SHORT_BACKOFF, unreachableFailures: 5 });
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 5000);
    expect(service.get(job.id)!.error).toMatchObject({ code: 'NETWORK_UNREACHABLE' });
  });
});

describe('a server job whose Hub answers an error', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addRepo(REPO);
  });
  afterAll(() => hub.close());
  afterEach(() => {
    hub.resetFaults();
    hub.clearRequests();
  });

  const apiRequests = () => hub.requests.filter((request) => request.path.startsWith('/api/')).length;

  it('fails at once on a 401 (not found, or private)', async () => {
    const service = await startService(hub.url);
    const { job } = await service.create({ repoId: 'org/missing' });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 5000);
    expect(service.get(job.id)!.error).toMatchObject({ code: 'REPO_NOT_FOUND' });
    expect(apiRequests()).toBe(1);
  });

  it('gives up on a 503 after maxConsecutiveFailures tries, not unreachableFailures', async () => {
    hub.setFaults({ status: { status: 503, on: 'api' } });
    const service = await startService(hub.url);
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 5000);
    expect(service.get(job.id)!.error).toMatchObject({ code: 'HUB_HTTP_ERROR' });
    expect(apiRequests()).toBe(5);
  });
});
