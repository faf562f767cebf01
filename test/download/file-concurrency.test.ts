/**
 * Files at once (`maxConcurrentFiles`, `--max-workers`): a file holds its fetch slot until its bytes are on
 * disk, not while it is hashed and committed, so the next file's requests overlap that disk work
 * (download-model.ts, download-file.ts).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, fileRequests, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/many', repoType: 'model' as const };
const SLOW = { repoId: 'org/slow-many', repoType: 'model' as const };
// Regular files (resolve → resolve-cache): every request names the file's path.
const FILES = Array.from({ length: 6 }, (_, index) => ({
  path: `part-${index}.txt`,
  content: `${'x'.repeat(1000 * (index + 1))}\n`,
}));

let hub: TestHub;
const temp = tempDirs('file-concurrency');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: REPO.repoId, files: FILES });
  await hub.addRepo({
    repoId: SLOW.repoId,
    files: Array.from({ length: 4 }, (_, index) => ({ path: `slow-${index}.bin`, size: 300_000 })),
  });
});
afterEach(() => hub.resetFaults());
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

describe('downloadModel, files at once', () => {
  it('fetches one file at a time with maxConcurrentFiles 1, and starts the next while one is committed', async () => {
    const events: TransferEvent[] = [];
    hub.clearRequests();
    // Each fetch takes ≥ 100 ms, so the next file (two are in progress at once) has chosen and opened its temp
    // file and waits for the slot when it is given back; without it the order of the next file's start and the
    // previous file's commit is a race on a busy machine (it failed once in CI).
    hub.setFaults({ latency: { ms: 50 } });
    await downloadModel(
      requestFor(hub, REPO, { cacheDir: await temp.make() }),
      testOptions(events, { maxConcurrentFiles: 1 }),
    );

    // One file fetching at a time: each file's byte requests are together in the log. A waiting file's ask
    // of where its bytes are (GET bytes=0-0 on /resolve/ answered by a redirect, locate-ahead.ts) may overlap.
    const pathOf = (requestPath: string) => FILES.find((file) => requestPath.includes(file.path))?.path;
    const isAsk = (entry: { path: string; range?: string; status: number }) =>
      entry.path.includes('/resolve/') && entry.range === 'bytes=0-0' && entry.status === 307;
    const asks = fileRequests(hub).filter(isAsk);
    const order = fileRequests(hub)
      .filter((entry) => !isAsk(entry))
      .map((entry) => pathOf(entry.path));
    expect(order).not.toContain(undefined);
    // Every file but the first waited for the slot and was located meanwhile; still one /resolve/ GET per file.
    expect(asks.length).toBeGreaterThan(0);
    for (const file of FILES) {
      const resolves = hub.requests.filter(
        (entry) => entry.path.includes('/resolve/') && entry.path.endsWith(file.path),
      );
      expect(resolves, file.path).toHaveLength(1);
    }
    const runs = order.filter((path, index) => index === 0 || order[index - 1] !== path);
    expect(runs).toHaveLength(FILES.length);
    expect(new Set(runs).size).toBe(FILES.length);

    // The slot is given back once the bytes are on disk: every next file starts before the previous one
    // is verified and committed.
    const sequence = events
      .filter((event) => event.type === 'file-start' || event.type === 'file-done')
      .map((event) => `${event.type} ${(event as { path: string }).path}`);
    for (let index = 1; index < runs.length; index++) {
      const nextStart = sequence.indexOf(`file-start ${runs[index]}`);
      const previousDone = sequence.indexOf(`file-done ${runs[index - 1]}`);
      expect(nextStart).toBeGreaterThanOrEqual(0);
      expect(nextStart).toBeLessThan(previousDone);
    }
    expect(sequence.filter((entry) => entry.startsWith('file-done'))).toHaveLength(FILES.length);
  });

  it('opens the next file while it waits for a slot; an abort then deletes that empty temp file', async () => {
    const cacheDir = await temp.make();
    const blobs = join(cacheDir, 'models--org--slow-many', 'blobs');
    const temps = async () =>
      (await readdir(blobs).catch(() => [])).filter((name) => name.endsWith('.incomplete'));
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 100_000 } });
    const controller = new AbortController();
    const events: TransferEvent[] = [];
    const run = downloadModel(
      requestFor(hub, SLOW, { cacheDir }),
      testOptions(events, { maxConcurrentFiles: 1, connectionsPerFile: 1, signal: controller.signal }),
    );
    // One file fetching, with bytes on disk (a file stopped before its first byte keeps no temp file), the next
    // one (of 2 × maxConcurrentFiles in progress) waiting with its temp file open.
    const fetched = () => eventsOfType(events, 'progress').some((event) => event.downloaded >= 50_000);
    let seen: string[] = [];
    for (let tries = 0; tries < 200 && (seen.length < 2 || !fetched()); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await temps();
    }
    expect(seen).toHaveLength(2);
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    // The fetching file keeps its partial temp file for a resume; the waiting one's empty file is gone.
    const left = await temps();
    expect(left).toHaveLength(1);
    expect(seen).toContain(left[0]);
  });
});
