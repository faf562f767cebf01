/**
 * A range request the CDN answers `429` (Retry-After): its `retry` event says the answer's status, so every face
 * says the file's wait for the Hub (src/format/retry-wait-words.ts), and whether the try after the wait is the
 * last one: a wait longer than what is left of the time budget (a 4 min Retry-After under the CLI's minute) is
 * followed by one try, not by "retries for up to 1 min" (src/hub/retry-policy.ts nextTryIsLast).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, makeTempDir, removeDir, requestFor, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/waits', repoType: 'model' as const };
let hub: TestHub;
let parent: string;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: REPO.repoId, files: [{ path: 'weights.bin', size: 200_000 }] });
  parent = await makeTempDir('retry-waits');
});
afterEach(() => hub.resetFaults());
afterAll(async () => {
  await hub.close();
  await removeDir(parent);
});

/** The `retry` events of a download whose first CDN request answers 429 (Retry-After: 1 s, + 1 s), under `budgetMs`. */
async function retriesUnder(name: string, budgetMs: number) {
  hub.setFaults({ status: { status: 429, on: 'cdn', retryAfterSeconds: 1, path: 'weights.bin', times: 1 } });
  const events: TransferEvent[] = [];
  const options = testOptions(events);
  // The wait scaled down to 100 ms; the budget is not scaled.
  const retryPolicy = { ...options.transfer?.retryPolicy, delayScale: 0.05, outageBudgetMs: budgetMs };
  await downloadModel(requestFor(hub, REPO, { cacheDir: join(parent, name) }), {
    ...options,
    transfer: { ...options.transfer, retryPolicy },
  });
  return eventsOfType(events, 'retry');
}

describe('a range request answered 429', () => {
  it('says the status, and no last try while the budget outlasts the wait', async () => {
    const [retry, ...more] = await retriesUnder('long-budget', 60_000);
    expect(more).toEqual([]);
    expect(retry).toMatchObject({
      path: 'weights.bin',
      attempt: 1,
      delayMs: 100,
      error: { code: 'RATE_LIMITED', status: 429, retryAfterMs: 2000 },
      limit: { forMs: 60_000 },
    });
    expect(retry).not.toHaveProperty('lastTry');
  });

  it('marks the try after a wait longer than the budget’s time left as the last', async () => {
    const [retry] = await retriesUnder('short-budget', 50);
    expect(retry).toMatchObject({
      delayMs: 100,
      error: { status: 429 },
      limit: { forMs: 50 },
      lastTry: true,
    });
  });
});
