/**
 * A `429` with `Retry-After` to one request of a download holds every request of the process to the same quota
 * (endpoint, bucket, token: src/hub/rate-limit-windows.ts) until its wait is over (src/transfer/host-rate-limit.ts,
 * docs/transfer-faults.md, "A 429 holds its whole quota"): another download from the same Hub with the same token
 * (the same rule holds the other connections and files of the download) waits instead of asking and getting a `429`
 * of its own, which the Hub counts against the user's quota. The held requests say the wait as a `429` wait (a
 * `retry` event, no failure), and a stop during it stops the download at once. The test hub plays an exhausted quota
 * (docs/test-hub.md, `rateLimitWindow`): every request during the window gets the `429`. A file's first range request
 * goes alone (its other connections start once it located the bytes: transfer-url.ts), so the requests a `429` to it
 * would have cost again are those of the other files and downloads; before, the second download's first request went
 * out during the wait and got its own `429`. Loopback only.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import {
  eventsOfType,
  fileRequests,
  makeTempDir,
  removeDir,
  requestFor,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/limited', repoType: 'model' as const };
const SIZE = 4 * 1024 * 1024;
let parent: string;
const hubs: TestHub[] = [];

beforeAll(async () => {
  parent = await makeTempDir('host-rate-limit');
});
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});
afterAll(async () => {
  await removeDir(parent);
});

/**
 * A hub of its own per test (a wait one test starts holds no other's requests: another endpoint) whose `/resolve/`
 * requests get `429` for `seconds` from the first one.
 */
async function limitedHub(seconds: number): Promise<TestHub> {
  const hub = await startTestHub();
  hubs.push(hub);
  const files = ['a.bin', 'b.bin'].map((path) => ({ path, size: SIZE }));
  await hub.addRepo({ repoId: REPO.repoId, files });
  hub.setFaults({ rateLimitWindow: { seconds, on: 'resolve' } });
  return hub;
}

/** A download of `path` into a cache of its own over 8 connections, 256 KiB segments. */
function download(hub: TestHub, path: string, events: TransferEvent[], signal?: AbortSignal) {
  const options = testOptions(events, { connectionsPerFile: 8, ...(signal && { signal }) });
  const request = requestFor(hub, REPO, {
    cacheDir: join(parent, `${new URL(hub.url).port}-${path}`),
    include: [path],
  });
  return downloadModel(request, {
    ...options,
    transfer: {
      ...options.transfer,
      // Two failures in a row fail a range: a held request that counted its wait as one would come close.
      retryPolicy: { ...options.transfer?.retryPolicy, maxConsecutiveFailures: 2 },
      tuning: { ...options.transfer?.tuning, initialConnections: 8, maxSegmentBytes: 256 * 1024 },
    },
  });
}

/** Resolves once `check` holds, looked at every 20 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The retries that are no failure: held by another request's `429` (no try failed before). */
function held(events: TransferEvent[]) {
  return eventsOfType(events, 'retry').filter((retry) => retry.attempt === 0);
}

it('asks nothing of the quota during the wait of a 429; then both downloads complete', async () => {
  // Retry-After: 3, waited 4 s (+ 1 s, as huggingface_hub).
  const hub = await limitedHub(3);
  const first: TransferEvent[] = [];
  const second: TransferEvent[] = [];
  const firstRun = download(hub, 'a.bin', first);
  await until(() => eventsOfType(first, 'retry').length > 0);
  // The first download waits out its 429: a second one from the same Hub with the same token starts meanwhile.
  await Promise.all([firstRun, download(hub, 'b.bin', second)]);

  const requests = fileRequests(hub);
  const limited = requests.filter((request) => request.status === 429);
  expect(limited).toHaveLength(1);
  // The first download's request failed once, and waits what the 429 asked (Retry-After: 3, + 1 s).
  const [failed, ...more] = eventsOfType(first, 'retry');
  expect(more).toEqual([]);
  expect(failed).toMatchObject({ attempt: 1, delayMs: 4000, error: { status: 429, retryAfterMs: 4000 } });
  // No request for a file went out before that wait was over.
  const [answered] = limited;
  const others = requests.filter((request) => request !== answered);
  expect(others.map((request) => request.file).sort()).toEqual(expect.arrayContaining(['a.bin', 'b.bin']));
  for (const request of others) expect(request.t).toBeGreaterThanOrEqual(answered!.t + failed!.delayMs - 50);
  // Both files complete and verified.
  expect(eventsOfType(first, 'file-verified')).toEqual([expect.objectContaining({ path: 'a.bin' })]);
  expect(eventsOfType(second, 'file-verified')).toEqual([expect.objectContaining({ path: 'b.bin' })]);
  // The second download's requests were held, which is no failure, said as the 429's wait.
  const heldRetries = eventsOfType(second, 'retry');
  expect(heldRetries.length).toBeGreaterThan(0);
  for (const retry of heldRetries) {
    expect(retry).toMatchObject({
      attempt: 0,
      held: true,
      path: 'b.bin',
      error: { code: 'RATE_LIMITED', status: 429 },
    });
    expect(retry.error.message).toMatch(/rate-limited/);
    expect(retry.delayMs).toBeGreaterThan(0);
    expect(retry.delayMs).toBeLessThanOrEqual(4000);
  }
}, 30_000);

it('stops a download at once when it is stopped while held by the wait', async () => {
  // A wait of 31 s: the downloads are stopped in it, long before it is over.
  const hub = await limitedHub(30);
  const stopFirst = new AbortController();
  const stopSecond = new AbortController();
  const first: TransferEvent[] = [];
  const second: TransferEvent[] = [];
  const outcome = (run: Promise<unknown>) =>
    run.then(
      () => 'completed',
      (error: unknown) => (error as { code?: string }).code ?? String(error),
    );
  const firstRun = outcome(download(hub, 'a.bin', first, stopFirst.signal));
  await until(() => eventsOfType(first, 'retry').length > 0);
  const secondRun = outcome(download(hub, 'b.bin', second, stopSecond.signal));
  await until(() => held(second).length > 0);
  stopSecond.abort();
  // It ends now, not after the 31 s wait (the test's 20 s would be over).
  expect(await secondRun).toBe('ABORTED');
  stopFirst.abort();
  expect(await firstRun).toBe('ABORTED');
  expect(fileRequests(hub).filter((request) => request.status === 429)).toHaveLength(1);
}, 20_000);
