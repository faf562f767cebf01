/**
 * A server job's Hub calls follow its range requests' rule (src/hub/retry-policy.ts, givesUp): a job that
 * starts, or resumes after a restart, while the Hub does not answer at all rides the outage out with
 * `retrying` set (what fails, which try), and downloads once the Hub answers; a Hub that answers a 401 fails
 * the job at once, and so does a policy without an outage budget (counted tries) an outage. An outage — no
 * answer, or answers that ask to retry (5xx, 429) from the Hub or its CDN — is retried for a time
 * (outageBudgetMs, whatever the count: a CDN answering 503 with Retry-After: 5 failed a job after 5 tries,
 * 24 s; an unreachable Hub, after 40 tries, 2–3 min by the backoff's draw), then fails the job.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/hub/retry-policy.js';
import { createDefaultJobRunner } from '../../src/jobs/default-job-runner.js';
import type { DefaultJobService } from '../../src/jobs/job-service.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { countConnectErrors } from '../support/connect-errors.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const REPO = { repoId: 'org/outage', files: [{ path: 'weights.bin', size: 300_000 }] };
/** Backoff at its ceiling, scaled: 50, 100, 200, then 400 ms between tries. */
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
    // With the limit the engine retries under (an outage: for a time), which the web UI's line says.
    expect(service.get(job.id)!.retrying!.limit).toEqual({ forMs: 300_000 });
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

  it('rides out the outage for outageBudgetMs, however many tries that takes, then fails', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    // A count of 3 would end it after 3 tries (the former rule's 40 tries: 2–3 min, by the backoff's draw).
    const policy = { ...SHORT_BACKOFF, unreachableFailures: 3, outageBudgetMs: 2500 };
    const service = await startService(endpoint, policy);
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => (service.get(job.id)?.retrying?.attempt ?? 0) >= 5, 'a fifth try', 5000);
    expect(service.get(job.id)).toMatchObject({ state: 'running', error: null });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 10_000);
    expect(service.get(job.id)!.error).toMatchObject({ code: 'NETWORK_UNREACHABLE' });
  });

  it('answers a preview (a person waits on it) after one quick retry, not the jobs’ minutes', async () => {
    const port = await closedPort();
    const service = await startService(`http://127.0.0.1:${port}`);
    const attempts = countConnectErrors(port);
    try {
      await expect(service.preview({ repoId: REPO.repoId })).rejects.toMatchObject({
        code: 'NETWORK_UNREACHABLE',
      });
      // The default policy's 5 tries kept the download form waiting 9–11 s.
      expect(attempts.count).toBe(2);
    } finally {
      attempts.stop();
    }
  });

  it('fails after its tries with a policy without an outage budget (counted, as the CLI)', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const service = await startService(endpoint, { ...SHORT_BACKOFF, outageBudgetMs: 0 });
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

  const cdn503s = () =>
    hub.requests.filter((request) => request.host === 'cdn' && request.status === 503).length;

  it('rides out a CDN answering 503 for a while, past maxConsecutiveFailures tries, and completes', async () => {
    hub.setFaults({ status: { status: 503, on: 'cdn' } });
    const service = await startService(hub.url);
    const { job } = await service.create({ repoId: REPO.repoId });
    // Backoff at 50–400 ms (SHORT_BACKOFF): 3 s of 503s are more tries than maxConsecutiveFailures (5).
    await waitFor(() => service.get(job.id)?.retrying != null, 'a retry', 5000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(service.get(job.id)).toMatchObject({ state: 'running', error: null });
    expect(service.get(job.id)!.retrying!.message).toMatch(/503/);
    expect(cdn503s()).toBeGreaterThan(5);
    hub.resetFaults();
    await waitFor(() => service.get(job.id)?.state === 'completed', 'completed', 10_000);
    expect(service.get(job.id)).toMatchObject({ retrying: null, error: null, downloaded: 300_000 });
  });

  it('fails on a CDN that keeps answering 503 once outageBudgetMs has passed, saying so', async () => {
    hub.setFaults({ status: { status: 503, on: 'cdn' } });
    const service = await startService(hub.url, { ...SHORT_BACKOFF, outageBudgetMs: 1500 });
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 10_000);
    expect(service.get(job.id)!.error!.code).toBe('TRANSFER_FAILED');
    expect(service.get(job.id)!.error!.message).toMatch(
      /gave up on bytes 0-299999 after \d+ failures over [12] s without progress: .*503/,
    );
    expect(cdn503s()).toBeGreaterThan(5);
  });

  it('gives up on the listing answered 503 once outageBudgetMs has passed, not after 5 tries', async () => {
    hub.setFaults({ status: { status: 503, on: 'api' } });
    const service = await startService(hub.url, { ...SHORT_BACKOFF, outageBudgetMs: 1500 });
    const { job } = await service.create({ repoId: REPO.repoId });
    await waitFor(() => service.get(job.id)?.state === 'failed', 'failed', 10_000);
    expect(service.get(job.id)!.error).toMatchObject({ code: 'HUB_HTTP_ERROR' });
    expect(apiRequests()).toBeGreaterThan(5);
  });
});
