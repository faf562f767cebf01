/**
 * A download's Hub API calls and the process's `429` waits (src/transfer/host-rate-limit.ts hostRateLimitQuota,
 * src/hub/held-by-rate-limit.ts, docs/transfer-faults.md "A 429 holds its whole quota"): an API call's `429` holds
 * the process's other API calls of its quota (endpoint, bucket, token) until its wait is over, and they wait it out
 * instead of each asking and getting a `429` of its own; before, a second download's listing went out during the
 * first one's wait and got its own. The buckets stay apart (src/hub/rate-limit-windows.ts rateLimitScopeOf): a
 * `/resolve/` `429` holds no API call, an API `429` no `/resolve/` or CDN request. The test hub plays an exhausted
 * quota (docs/test-hub.md, `rateLimitWindow`). Loopback only.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { hubRequest } from '../../src/hub/hub-request.js';
import { RateLimitWindows } from '../../src/hub/rate-limit-windows.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { hostRateLimitGate, hostRateLimitQuota } from '../../src/transfer/host-rate-limit.js';
import type { RequestKind } from '../hub/faults.js';
import type { RequestLogEntry } from '../hub/hub-context.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import {
  eventsOfType,
  fileRequests,
  hubConfigOf,
  makeTempDir,
  removeDir,
  requestFor,
  testOptions,
} from './download-fixtures.js';

const REPO = { repoId: 'org/limited-api', repoType: 'model' as const };
let parent: string;
const hubs: TestHub[] = [];

beforeAll(async () => {
  parent = await makeTempDir('hub-calls-rate-limit');
});
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});
afterAll(async () => {
  await removeDir(parent);
});

/** A hub of its own per test (another endpoint: another scope) whose `on` requests get `429` for `seconds`. */
async function limitedHub(seconds: number, on: RequestKind): Promise<TestHub> {
  const hub = await startTestHub();
  hubs.push(hub);
  const files = ['a.bin', 'b.bin'].map((path) => ({ path, size: 256 * 1024 }));
  await hub.addRepo({ repoId: REPO.repoId, files });
  hub.setFaults({ rateLimitWindow: { seconds, on } });
  return hub;
}

/** A download of `path` into a cache of its own; `onRetry` hears of its Hub calls' retries. */
function download(hub: TestHub, path: string, events: TransferEvent[] = [], onRetry?: () => void) {
  const request = requestFor(hub, REPO, {
    cacheDir: join(parent, `${new URL(hub.url).port}-${path}`),
    include: [path],
  });
  const options = testOptions(events);
  return downloadModel(request, {
    ...options,
    hubCall: { ...options.hubCall, retry: { ...options.hubCall?.retry, ...(onRetry && { onRetry }) } },
  });
}

/** The hub's API requests (revision info, tree), not a file's. */
function apiRequests(hub: TestHub): RequestLogEntry[] {
  const files = new Set(fileRequests(hub));
  return hub.requests.filter((request) => !files.has(request) && request.path.startsWith('/api/'));
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

it('holds a second download’s listing during the wait of the first one’s API 429; then both complete', async () => {
  // Retry-After: 2, waited 3 s (+ 1 s, as huggingface_hub).
  const hub = await limitedHub(2, 'api');
  const first: TransferEvent[] = [];
  const second: TransferEvent[] = [];
  let retried = false;
  const firstRun = download(hub, 'a.bin', first, () => {
    retried = true;
  });
  // Once the first download waits out its 429 (the hub logs the answer before the client has read it).
  await until(() => retried);
  await Promise.all([firstRun, download(hub, 'b.bin', second)]);

  const requests = apiRequests(hub);
  const limited = requests.filter((request) => request.status === 429);
  // One 429 in all: the second download's listing asked nothing during the wait.
  expect(limited).toHaveLength(1);
  for (const request of requests.filter((request) => request !== limited[0]))
    expect(request.t).toBeGreaterThanOrEqual(limited[0]!.t + 3000 - 50);
  expect(eventsOfType(first, 'file-verified')).toEqual([expect.objectContaining({ path: 'a.bin' })]);
  expect(eventsOfType(second, 'file-verified')).toEqual([expect.objectContaining({ path: 'b.bin' })]);
}, 30_000);

it('holds no API call by a /resolve/ 429: the second download lists during the first one’s wait', async () => {
  // Retry-After: 3, waited 4 s.
  const hub = await limitedHub(3, 'resolve');
  const first: TransferEvent[] = [];
  const firstRun = download(hub, 'a.bin', first);
  await until(() => fileRequests(hub).some((request) => request.status === 429));
  const asked = apiRequests(hub).length;
  const secondRun = download(hub, 'b.bin');
  await until(() => apiRequests(hub).length > asked);
  const limited = fileRequests(hub).find((request) => request.status === 429)!;
  // The listing went out, and was answered, before the resolvers' wait was over.
  const listing = apiRequests(hub).slice(asked);
  expect(listing[0]!.t).toBeLessThan(limited.t + 4000);
  expect(listing.every((request) => request.status !== 429)).toBe(true);
  await Promise.all([firstRun, secondRun]);
}, 30_000);

it('an API 429 starts the wait of the API bucket only: no /resolve/ or CDN request is held by it', async () => {
  const hub = await limitedHub(30, 'api');
  const windows = new RateLimitWindows();
  const config = hubConfigOf(hub);
  const quota = hostRateLimitQuota({ maxConsecutiveFailures: 1 }, undefined, windows);
  const api = `${hub.url}/api/models/${REPO.repoId}`;
  await expect(
    hubRequest(config, api, { quota, retry: { maxConsecutiveFailures: 1 } }),
  ).rejects.toMatchObject({
    status: 429,
  });
  // Retry-After: 30, waited 31 s: the API calls of this endpoint and token are held.
  expect(quota.heldMs?.(`${hub.url}/api/models/org/other`, config)).toBeGreaterThan(30_000);
  const gate = hostRateLimitGate(() => config, undefined, windows);
  expect(gate.heldMs?.(`${hub.url}/${REPO.repoId}/resolve/main/a.bin`)).toBeUndefined();
  expect(gate.heldMs?.('https://cdn.example/blob?sig=1')).toBeUndefined();
  // Another token's quota is another's.
  expect(quota.heldMs?.(api, { ...config, token: 'hf_other' })).toBeUndefined();
});
