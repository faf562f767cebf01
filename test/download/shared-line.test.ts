/**
 * Slow-connection replacements on a line capped as a whole (src/transfer/stall-watchdog.ts,
 * docs/transfer-faults.md "Slow connections on a shared line"): every connection gets its bytes in lumps,
 * turn by turn, and none is slow for being between two lumps. Reconnecting cannot raise a rate the line caps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/shared', repoType: 'model' as const };
const MIB = 1024 * 1024;
const WATCH_MS = 4000;

let hub: TestHub;
const temp = tempDirs('shared-line');

beforeAll(async () => {
  hub = await startTestHub();
  // Large enough for 8 connections each, with more than 1 MiB left on every one for the whole watch.
  await hub.addRepo({
    repoId: REPO.repoId,
    files: Array.from({ length: 4 }, (_, index) => ({ path: `model-${index + 1}.bin`, size: 64 * MIB })),
  });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

describe('downloadModel on a line capped as a whole', () => {
  it('does not replace connections that share the line', async () => {
    // 20 MB/s for everything the hub sends, four files of 8 connections each: every connection gets a lump of
    // 400 KB (20 ms of the line) every ~0.64 s. The files share one count (connection-line.ts), which starts at
    // 32 here: at the default 8 they would hold 2 each and not be slow.
    hub.setFaults({ globalBytesPerSecond: 20_000_000 });
    const events: TransferEvent[] = [];
    const controller = new AbortController();
    const download = downloadModel(
      requestFor(hub, REPO, { cacheDir: await temp.make() }),
      // The engine's own segment sizes (the shared test options cut 16 KiB segments, a request every 30 ms).
      testOptions(events, {
        maxConcurrentFiles: 4,
        signal: controller.signal,
        // The loop reads idle: this is about the slow rule, not the saturation rule (a loaded machine reads saturated).
        transfer: {
          retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
          tuning: { initialConnections: 32 },
          loopBusyMs: () => 0,
        },
      }),
    ).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    controller.abort();
    await download;
    const open = eventsOfType(events, 'progress').map((event) => event.connections ?? 0);
    expect(Math.max(...open)).toBeGreaterThanOrEqual(24);
    // The former rule (a fixed 0.3 s window) replaced connections here over and over.
    const replaced = eventsOfType(events, 'stall').filter((event) => event.reason === 'slow-connection');
    expect(replaced).toEqual([]);
  }, 30_000);
});
