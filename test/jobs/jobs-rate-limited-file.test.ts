/**
 * A server job one of whose files the Hub answers `429` (Retry-After) while another file's bytes still arrive:
 * the job says that file's wait (`waits`: the file, the status, the time left) until that file's own bytes
 * arrive, and the time left counts down. A config.json arriving after the weights' `429` cleared it: the job read
 * "No data for 31 s — hubget reconnects after 30 s", then "Stalled", while it waited out the `429` (docs/jobs.md).
 * The time it waited so is stored with the job (`hubWaitedMs`, migration 13), for its History.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultJobRunner } from '../../src/jobs/default-job-runner.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const REPO = {
  repoId: 'org/limited',
  files: [
    { path: 'config.json', size: 2_000 },
    { path: 'weights.bin', size: 300_000 },
  ],
};

/** One file: while it waits, every file the job fetches waits. */
const ONE_FILE = { repoId: 'org/one', files: [{ path: 'weights.bin', size: 300_000 }] };

const engines = engineServices('rate-limited-file');
/** Hubs a test started for itself, closed after it. */
const owned: TestHub[] = [];
afterEach(async () => {
  hub.resetFaults();
  await engines.stopAll();
  for (const own of owned.splice(0)) await own.close();
});

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo(REPO);
  await hub.addRepo(ONE_FILE);
});
afterAll(() => hub.close());

describe('a job whose file is rate-limited while another file arrives', () => {
  it('says the 429 wait, counting down, after the other file’s bytes, and is not stalled', async () => {
    // The weights' first requests answer 429 (retry in 60 s); config.json's bytes come after that answer.
    hub.setFaults({
      status: { path: 'weights.bin', status: 429, retryAfterSeconds: 60 },
      latency: { path: 'config.json', ms: 400 },
    });
    const service = await engines.start(hub.url, { runner: createDefaultJobRunner() });
    const { job } = await service.create({ repoId: REPO.repoId });
    const configDone = () =>
      service.files(job.id).find((file) => file.path === 'config.json')?.state === 'verified';
    await waitFor(configDone, 'config.json in place', 10_000);
    const shown = service.get(job.id)!;
    expect(shown).toMatchObject({ state: 'running', stalled: false, error: null });
    expect(shown.retrying?.message).toMatch(/rate-limited/);
    expect(shown.waits).toEqual([
      expect.objectContaining({ path: 'weights.bin', status: 429, limit: { forMs: 300_000 } }),
    ]);
    const first = shown.waits[0]!.leftMs;
    expect(first).toBeGreaterThan(1000);
    // The time left counts down (it kept "retry in 61 s" for the whole wait).
    await waitFor(
      () => (service.get(job.id)?.waits[0]?.leftMs ?? first) < first - 1000,
      'the time left counting down',
      5000,
    );
    expect(service.get(job.id)!.stalled).toBe(false);
  });

  it('keeps the time it waited for the Hub with the job, across a restart', async () => {
    // A hub of its own: the 61 s the test before was asked to wait hold every request of this process to that
    // hub's quota until they are over (docs/transfer-faults.md, "A 429 holds its whole quota").
    const own = await startTestHub();
    owned.push(own);
    await own.addRepo(ONE_FILE);
    // The weights' first request answers 429, retry in 1 s (hubget waits 2 s: the seconds + 1, as Python does).
    own.setFaults({ status: { path: 'weights.bin', status: 429, retryAfterSeconds: 1, times: 1 } });
    const service = await engines.start(own.url, { runner: createDefaultJobRunner() });
    const { job } = await service.create({ repoId: ONE_FILE.repoId });
    await waitFor(() => service.get(job.id)?.state === 'completed', 'job completed', 20_000);
    const waited = service.get(job.id)!.hubWaitedMs;
    // No byte of its only file can come before the wait is over.
    expect(waited).toBeGreaterThanOrEqual(1000);
    await service.shutdown();
    const restarted = await engines.start(own.url, {}, engines.dir);
    expect(restarted.get(job.id)?.hubWaitedMs).toBe(waited);
  });
});
