/**
 * Every file on one connection budget shares one adaptive count (src/transfer/connection-line.ts,
 * docs/transfer-connections.md "One line, many files"): on a line capped as a whole, a download of several
 * large files keeps at most 16 connections open, as one file does, and two downloads split the line rather
 * than the second taking the first's bytes with connections of its own. Asserts connection counts and shares
 * of bytes, not speeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { createConnectionBudget } from '../../src/transfer/connection-budget.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';

const FIRST = { repoId: 'org/line-first', repoType: 'model' as const };
const SECOND = { repoId: 'org/line-second', repoType: 'model' as const };
const MIB = 1024 * 1024;
/** The whole line: 12 MB/s for everything the hub sends. Neither repo can end within the test. */
const LINE_BYTES_PER_SECOND = 12_000_000;

let hub: TestHub;
const temp = tempDirs('line-share');

beforeAll(async () => {
  hub = await startTestHub();
  for (const repo of [FIRST, SECOND]) {
    await hub.addRepo({
      repoId: repo.repoId,
      files: Array.from({ length: 3 }, (_, index) => ({ path: `part-${index + 1}.bin`, size: 48 * MIB })),
    });
  }
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

/** Starts a download of `repo` on `budget`; `open()` and `downloaded()` read its latest progress event. */
async function start(
  repo: typeof FIRST,
  budget: ReturnType<typeof createConnectionBudget>,
  signal: AbortSignal,
) {
  let open = 0;
  let downloaded = 0;
  const events: TransferEvent[] = [];
  const options = testOptions(events, {
    connectionBudget: budget,
    maxConcurrentFiles: 3,
    signal,
    // The engine's own segment sizes (the shared test options cut 16 KiB segments).
    transfer: { retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 } },
    onEvent: (event) => {
      if (event.type !== 'progress') return;
      open = event.connections ?? 0;
      downloaded = event.downloaded;
    },
  });
  const done = downloadModel(requestFor(hub, repo, { cacheDir: await temp.make() }), options).catch(
    (error: unknown) => error,
  );
  return { open: () => open, downloaded: () => downloaded, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('files sharing one line', () => {
  it('keeps one download of several large files to at most 16 connections on a line capped as a whole', async () => {
    hub.setFaults({ globalBytesPerSecond: LINE_BYTES_PER_SECOND });
    const controller = new AbortController();
    const download = await start(FIRST, createConnectionBudget(32), controller.signal);
    const counts: number[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        await sleep(100);
        counts.push(download.open());
      }
    } finally {
      controller.abort();
      await download.done;
    }
    // With a count per file, three files of 8 opened 24 at once and held 32 (every one judged its own steps).
    expect(Math.max(...counts), counts.join(',')).toBeLessThanOrEqual(16);
    expect(Math.max(...counts)).toBeGreaterThan(0);
  }, 20_000);

  it('splits the line between two downloads on one budget, within 16 connections together', async () => {
    hub.setFaults({ globalBytesPerSecond: LINE_BYTES_PER_SECOND });
    const budget = createConnectionBudget(32);
    const controller = new AbortController();
    const running: Array<Promise<unknown>> = [];
    try {
      const first = await start(FIRST, budget, controller.signal);
      running.push(first.done);
      await sleep(1500);
      const second = await start(SECOND, budget, controller.signal);
      running.push(second.done);
      // Settling: the second's files take their first slots, the count is judged again.
      await sleep(1500);
      const from = { first: first.downloaded(), second: second.downloaded() };
      const together: number[] = [];
      for (let i = 0; i < 30; i++) {
        await sleep(100);
        together.push(first.open() + second.open());
      }
      const gained = {
        first: first.downloaded() - from.first,
        second: second.downloaded() - from.second,
      };
      const share = gained.second / (gained.first + gained.second);
      // With a count per file: 8 and 24 connections, 2.5 and 9.5 MB/s (the second's share 0.8).
      expect(share, JSON.stringify(gained)).toBeGreaterThan(0.25);
      expect(share, JSON.stringify(gained)).toBeLessThan(0.75);
      expect(Math.max(...together), together.join(',')).toBeLessThanOrEqual(16);
    } finally {
      controller.abort();
      await Promise.all(running);
    }
  }, 20_000);
});
