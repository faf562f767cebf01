/**
 * A range request the CDN answers `429` (Retry-After): its `retry` event says the answer's status, so every face
 * says the file's wait for the Hub (src/format/retry-wait-words.ts), and whether the try after the wait is the
 * last one: a wait longer than what is left of the time budget (a 4 min Retry-After under the CLI's minute) is
 * followed by one try, not by "retries for up to 1 min" (src/hub/retry-policy.ts nextTryIsLast). And the time a
 * file waited while every connection of it waited ends when its bytes come again, whatever wait still runs.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, makeTempDir, removeDir, requestFor, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/waits', repoType: 'model' as const };
/** A file fetched over two paced connections, one segment request after another. */
const TWO_LANES = { repoId: 'org/waits-two', repoType: 'model' as const };
/** How much sooner than its delay, by Date.now(), a Node timer may fire (libuv's cached loop time). */
const TIMER_EARLY_MS = 2;
let hub: TestHub;
let parent: string;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: REPO.repoId, files: [{ path: 'weights.bin', size: 200_000 }] });
  await hub.addRepo({ repoId: TWO_LANES.repoId, files: [{ path: 'weights.bin', size: 8_000_000 }] });
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

describe('a file each of whose connections waits for the Hub, one of them far longer', () => {
  it('stops counting the time waited once its bytes arrive again, while the longer wait runs on', async () => {
    // Each stream at 1 MB/s, 256 KiB segments: a request goes out every quarter second on each connection.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } });
    const events: TransferEvent[] = [];
    const stop = new AbortController();
    const notFirst = (retryAfterSeconds: number) => ({
      status: { status: 503, on: 'cdn' as const, retryAfterSeconds, path: 'weights.bin', times: 1 },
    });
    const options = testOptions([], {
      connectionsPerFile: 2,
      signal: stop.signal,
      onEvent: (event) => {
        events.push(event);
        const retries = eventsOfType(events, 'retry').length;
        // Both connections receive: the next request answers 503, retry in 60 s (59 + 1).
        if (event.type === 'progress' && event.activeFiles[0]?.connections === 2 && retries === 0)
          hub.setFaults(notFirst(59));
        // That connection waits, the other fetches on: its next request answers 503, retry in 1 s (0 + 1).
        if (event.type === 'retry' && retries === 1) hub.setFaults(notFirst(0));
      },
    });
    const tuning = { ...options.transfer?.tuning, maxSegmentBytes: 256 * 1024, initialConnections: 2 };
    const run = downloadModel(requestFor(hub, TWO_LANES, { cacheDir: join(parent, 'two-lanes') }), {
      ...options,
      transfer: { ...options.transfer, tuning },
    }).catch(() => undefined);
    // Once the 1 s wait is over, the second connection's bytes come for a second while the 60 s wait runs.
    const waitedAfter = () => {
      const both = events.findLastIndex((event) => event.type === 'retry');
      return eventsOfType(events.slice(both), 'progress');
    };
    const bothWait = () => eventsOfType(events, 'retry').length === 2 && waitedAfter().length > 0;
    await until(bothWait, 'both connections waiting');
    const before = waitedAfter()[0]!.downloaded;
    const resumed = () => waitedAfter().filter((event) => event.downloaded > before);
    await until(() => resumed().length >= 10, 'bytes again');
    // What the run said while it fetched (its last event, as it stops, is not the subject).
    const waited = resumed().map((event) => event.hubWaitedMs);
    stop.abort();
    await run;
    const [first, second] = eventsOfType(events, 'retry');
    expect([first?.connectionsOpen, second?.connectionsOpen]).toEqual([1, 0]);
    expect(second?.delayMs).toBe(1000);
    // From the second wait's start to its end every connection waited (no byte can come sooner); then bytes came,
    // and the time waited stands still while the 60 s wait runs on. The wait ends as the retry's request opens, when
    // its 1 s timer fires: libuv times a timer from the loop's cached clock, so by Date.now() it may fire up to a
    // millisecond or two early (CI saw 999).
    expect(waited[0]).toBeGreaterThanOrEqual(1000 - TIMER_EARLY_MS);
    expect(new Set(waited)).toEqual(new Set([waited[0]]));
  });
});

/** Polls `ready` every 20 ms, up to 10 s. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !ready(); waited += 20) {
    if (waited > 10_000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
