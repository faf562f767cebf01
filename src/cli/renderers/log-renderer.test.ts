import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { doneEvent, planEvent, progressEvent } from '../../../test/support/cli/test-events.js';
import {
  droppedRetry,
  serverErrorRetry,
  stallEvent,
  stallRetry,
  waitRetry,
} from '../../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../../progress/events.js';
import { createLogRenderer } from './log-renderer.js';

function setup(intervalMs = 5000) {
  const lines: string[] = [];
  let nowMs = 0;
  const renderer = createLogRenderer({ writeLine: (line) => lines.push(line), intervalMs, now: () => nowMs });
  return { lines, renderer, advance: (ms: number) => (nowMs += ms) };
}

/** The summary line of a download listed for `listingMs`, planned, then fetched for `fetchMs` until `done`. */
function summaryAfter(listingMs: number, fetchMs: number, done: TransferEvent): string | undefined {
  const { lines, renderer, advance } = setup();
  advance(listingMs);
  renderer.onEvent(planEvent());
  advance(fetchMs);
  renderer.onEvent(done);
  return lines.at(-1);
}

/** The scripted plan with all its 3 files (12 GB) already on disk. */
const allPresentPlan = () =>
  ({ ...planEvent(), filesPresent: 3, presentBytes: 12_000_000_000 }) as TransferEvent;

/** A plan of 6 files (65.47 kB), none on disk, that the copy tests add their copies to. */
const copyPlan = () => ({
  ...planEvent(),
  filesPresent: 0,
  presentBytes: 0,
  totalBytes: 65_470,
  filesTotal: 6,
});

describe('log renderer (non-TTY)', () => {
  it('prints the plan, then one progress line per interval in the documented format', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    // Right after the plan a progress line would only repeat its totals (`0% … ETA —`).
    renderer.onEvent(progressEvent(1_000_000_000));
    advance(5000);
    renderer.onEvent(progressEvent(5_880_000_000));
    advance(1000);
    renderer.onEvent(progressEvent(5_900_000_000));
    advance(4000);
    renderer.onEvent(progressEvent(6_000_000_000));
    expect(lines).toEqual([
      'Fetching 2 files (11.00 GB) from org/model@1a2b3c4; 1 file (1.00 GB) already present',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s',
      'Download progress: 50% (6.00 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s',
    ]);
  });

  it("counts a file's wait for the Hub down at the end of each progress line while it runs, then no more", () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    const path = 'model-00001-of-00002.safetensors';
    const waiting = { ...progressEvent(5_880_000_000), bytesPerSecond: 0, etaSeconds: null };
    renderer.onEvent(waiting);
    renderer.onEvent(waitRetry(path, 429, 217_000));
    for (let line = 0; line < 2; line++) {
      advance(5000);
      renderer.onEvent(waiting);
    }
    // Over: a connection of the file is open again, its bytes come.
    advance(5000);
    const again = progressEvent(5_900_000_000) as Extract<TransferEvent, { type: 'progress' }>;
    renderer.onEvent({
      ...again,
      activeFiles: again.activeFiles.map((file) => ({ ...file, connections: 1 })),
    });
    const head = 'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 0 B/s | ETA —';
    expect(lines.slice(2)).toEqual([
      `${head} | ${path} waits 3 min 32 s for the Hub (429)`,
      `${head} | ${path} waits 3 min 27 s for the Hub (429)`,
      'Download progress: 49% (5.90 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s',
    ]);
  });

  it("quotes a waiting file's name with a space as the wait's notice does", () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    const waiting = { ...progressEvent(5_880_000_000), bytesPerSecond: 0, etaSeconds: null };
    renderer.onEvent(waitRetry('my model.bin', 503, 20_000));
    advance(5000);
    renderer.onEvent(waiting);
    expect(lines.at(-1)).toMatch(/\| 'my model\.bin' waits 15 s for the Hub \(503\)$/);
    expect(lines.join('\n')).toContain("Notice: 'my model.bin' waits 20 s for the Hub (503)");
  });

  it('ends a progress line with the connections open and why, the count alone before a reason is known', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    const at = progressEvent(5_880_000_000) as Extract<TransferEvent, { type: 'progress' }>;
    for (const extra of [
      { connections: 8, connectionsReason: 'cpu' as const },
      { connections: 32, connectionsReason: 'default-ceiling' as const },
      { connections: 1 },
      { connections: 0, connectionsReason: 'budget' as const },
      { connections: 0 },
      // Nothing arrives (a stalled server): no "line-bound" beside 0 B/s; a fact such as retrying stays.
      { connections: 30, connectionsReason: 'link' as const, bytesPerSecond: 0, etaSeconds: null },
      { connections: 30, connectionsReason: 'retrying' as const, bytesPerSecond: 0, etaSeconds: null },
    ]) {
      advance(5000);
      renderer.onEvent({ ...at, ...extra });
    }
    expect(lines.slice(1)).toEqual([
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s | 8 conns · CPU-bound',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s | 32 conns · default cap',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s | 1 conn',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s | 0 conns · all in use',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 45.2 MB/s | ETA 2 min 20 s',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 0 B/s | ETA — | 30 conns',
      'Download progress: 49% (5.88 GB / 12.00 GB) | 1/3 files | 0 B/s | ETA — | 30 conns · retrying',
    ]);
  });

  it('prints no progress line when everything is already present', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(allPresentPlan());
    const allThere = progressEvent(12_000_000_000) as Extract<TransferEvent, { type: 'progress' }>;
    renderer.onEvent({ ...allThere, bytesPerSecond: 0, etaSeconds: 0, filesDone: 3, activeFiles: [] });
    advance(6000);
    renderer.onEvent({ ...allThere, bytesPerSecond: 0, etaSeconds: 0, filesDone: 3, activeFiles: [] });
    renderer.onEvent(doneEvent(0, 30));
    expect(lines).toEqual([
      'All 3 files (12.00 GB) of org/model@1a2b3c4 already present',
      'Download complete: everything was already present',
    ]);
  });

  it('says "verifying" instead of a speed and ETA once every byte is on disk', () => {
    const { lines, renderer } = setup();
    // No plan seen: the first progress line is due at once.
    const allOnDisk = progressEvent(12_000_000_000) as Extract<TransferEvent, { type: 'progress' }>;
    renderer.onEvent({ ...allOnDisk, bytesPerSecond: 0, etaSeconds: 0, filesDone: 2 });
    expect(lines).toEqual(['Download progress: 100% (12.00 GB / 12.00 GB) | 2/3 files | verifying']);
  });

  it('names the bytes a resumed download already fetched, and what is left to fetch (not the size)', () => {
    const { lines, renderer } = setup();
    renderer.onEvent({ ...planEvent(), resumedBytes: 4_000_000_000 } as TransferEvent);
    expect(lines).toEqual([
      'Fetching 2 files (7.00 GB left of 11.00 GB) from org/model@1a2b3c4, resuming: 4.00 GB already fetched; 1 file (1.00 GB) already present',
    ]);
  });

  it('says so when everything is already present', () => {
    const { lines, renderer } = setup();
    renderer.onEvent(allPresentPlan());
    expect(lines).toEqual(['All 3 files (12.00 GB) of org/model@1a2b3c4 already present']);
  });

  it('names the files a local dir copies from the HF cache, in the plan and in the summary', () => {
    const { lines, renderer, advance } = setup();
    const plan = copyPlan();
    renderer.onEvent({ ...plan, filesCopied: 2, copiedBytes: 20_470 } as TransferEvent);
    renderer.onEvent({ ...plan, filesCopied: 6, copiedBytes: 65_470 } as TransferEvent);
    advance(1000);
    const done = {
      type: 'done',
      resultPath: '/ld',
      totalBytes: 65_470,
      elapsedMs: 1000,
      fetchingMs: 1000,
    } as const;
    renderer.onEvent({ ...done, downloadedBytes: 45_000, copiedBytes: 20_470 });
    renderer.onEvent({ ...done, downloadedBytes: 0, copiedBytes: 65_470 });
    renderer.onEvent({ ...done, downloadedBytes: 0, copiedBytes: 0 });
    expect(lines).toEqual([
      'Fetching 4 files (45.00 kB) from org/model@1a2b3c4; copying 2 files (20.47 kB) from the HF cache',
      'Copying 6 files (65.47 kB) of org/model@1a2b3c4 from the HF cache',
      'Download complete: 45.00 kB fetched in 1.0 s (45.0 kB/s), 20.47 kB copied from the HF cache',
      'Download complete: 65.47 kB copied from the HF cache in 1.0 s',
      'Download complete: everything was already present',
    ]);
  });

  it('names the local dir a download into the cache copies from, or each of several', () => {
    const { lines, renderer } = setup();
    const plan = copyPlan();
    const copies = { filesCopied: 2, copiedBytes: 20_470 } as const;
    const dir = (path: string) => ({ from: 'local-dir', dir: path }) as const;
    renderer.onEvent({ ...plan, ...copies, copiedFrom: [dir('/home/ada/models/x')] } as TransferEvent);
    renderer.onEvent({ ...plan, ...copies, copiedFrom: [dir('/m/x'), dir('/m/y')] } as TransferEvent);
    expect(lines).toEqual([
      'Fetching 4 files (45.00 kB) from org/model@1a2b3c4; copying 2 files (20.47 kB) from the local dir /home/ada/models/x',
      'Fetching 4 files (45.00 kB) from org/model@1a2b3c4; copying 2 files (20.47 kB) from 2 local dirs (/m/x; /m/y)',
    ]);
  });

  it('names every place of a plan whose copies come from a local dir and from other repos in the HF cache', () => {
    const { lines, renderer, advance } = setup();
    const plan = copyPlan();
    const places = [
      { from: 'local-dir', dir: '/m/x' },
      { from: 'hf-cache', repoId: 'org/fork' },
    ] as const;
    renderer.onEvent({
      ...plan,
      filesCopied: 2,
      copiedBytes: 20_470,
      copiedFrom: [...places],
    } as TransferEvent);
    renderer.onEvent({
      ...plan,
      filesCopied: 3,
      copiedBytes: 20_470,
      copiedFrom: [places[1], { from: 'hf-cache', repoId: 'org/old-name' }],
    } as TransferEvent);
    advance(1000);
    renderer.onEvent({
      type: 'done',
      resultPath: '/c',
      totalBytes: 65_470,
      elapsedMs: 1000,
      fetchingMs: 1000,
      downloadedBytes: 45_000,
      copiedBytes: 20_470,
      copiedFrom: [...places],
    });
    expect(lines).toEqual([
      'Fetching 4 files (45.00 kB) from org/model@1a2b3c4; copying 2 files (20.47 kB) from the local dir /m/x and org/fork in the HF cache',
      'Fetching 3 files (45.00 kB) from org/model@1a2b3c4; copying 3 files (20.47 kB) from the HF cache (org/fork; org/old-name)',
      'Download complete: 45.00 kB fetched in 1.0 s (45.0 kB/s), 20.47 kB copied from the local dir /m/x and org/fork in the HF cache',
    ]);
  });

  it('says which files this run fetches and which another download is fetching for it, whose, and what next', () => {
    const { lines, renderer } = setup();
    const plan = planEvent();
    const here = hostname();
    // One weights file waited for, the other fetched; then both waited for; then each of another download.
    const one = [{ pid: 4242, hostname: here }];
    const two = [...one, { pid: 4243, hostname: 'build-2' }];
    const waiting = (filesWaiting: number, waitingBytes: number, waitingFor: typeof one) =>
      ({ ...plan, filesWaiting, waitingBytes, waitingFor }) as TransferEvent;
    renderer.onEvent(waiting(1, 6_000_000_000, one));
    renderer.onEvent(waiting(2, 11_000_000_000, one));
    renderer.onEvent(waiting(2, 11_000_000_000, two));
    expect(lines).toEqual([
      'Fetching 1 file (5.00 GB) from org/model@1a2b3c4; waiting for 1 file (6.00 GB) that another download (pid 4242) is fetching; 1 file (1.00 GB) already present. This download takes it once that one has it, and fetches it itself if that one stops first.',
      'Waiting for 2 files (11.00 GB) of org/model@1a2b3c4 that another download (pid 4242) is fetching; 1 file (1.00 GB) already present. This download takes them once that one has them, and fetches them itself if that one stops first.',
      'Waiting for 2 files (11.00 GB) of org/model@1a2b3c4 that 2 other downloads (pid 4242, pid 4243 on build-2) are fetching; 1 file (1.00 GB) already present. This download takes each once the download fetching it has it, and fetches it itself if that download stops first.',
    ]);
  });

  it('names the bytes another download fetched while this one waited, not "everything was already present"', () => {
    const { lines, renderer, advance } = setup();
    advance(14_000);
    const done = { type: 'done', resultPath: '/c', totalBytes: 419_430_422, elapsedMs: 14_000 } as const;
    renderer.onEvent({ ...done, downloadedBytes: 0, otherRunBytes: 419_430_400, fetchingMs: 0 });
    // This run fetched its own 45 kB in 0.2 s and waited for the rest: the rate is over those 0.2 s.
    renderer.onEvent({ ...done, downloadedBytes: 45_000, otherRunBytes: 419_430_400, fetchingMs: 200 });
    expect(lines).toEqual([
      'Download complete: 419.43 MB fetched by another download in 14 s',
      'Download complete: 45.00 kB fetched in 0.2 s (225 kB/s), 419.43 MB fetched by another download; 14 s in all',
    ]);
  });

  it('says first when the Hub did not answer and the snapshot on disk stands in; one file is "1 file"', () => {
    const { lines, renderer } = setup();
    const present = { ...planEvent(), totalBytes: 22, presentBytes: 22, filesTotal: 1, filesPresent: 1 };
    renderer.onEvent({
      ...present,
      hubUnavailable: 'Server answered 503 on /api/models/org/model',
    } as TransferEvent);
    expect(lines).toEqual([
      'Notice: the Hub did not answer (Server answered 503 on /api/models/org/model); using the snapshot already on disk, as it is (files it never held cannot be checked without the Hub)',
      '1 file (22 B) of org/model@1a2b3c4 already present',
    ]);
  });

  it('says the whole time only when waiting took a second and a tenth of it', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    advance(10_000);
    const done = { type: 'done', resultPath: '/c', totalBytes: 10_000_000, elapsedMs: 10_500 } as const;
    renderer.onEvent({ ...done, downloadedBytes: 10_000_000, fetchingMs: 9500 });
    renderer.onEvent({ ...done, downloadedBytes: 10_000_000, fetchingMs: 5000 });
    expect(lines.slice(1)).toEqual([
      'Download complete: 10.00 MB fetched in 9.5 s (1.1 MB/s)',
      'Download complete: 10.00 MB fetched in 5.0 s (2.0 MB/s); 10 s in all',
    ]);
  });

  it('says a wait for the Hub apart from the fetch time and speed, which leave it out, not as a reconnect', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    // Two 503s, then a 429's Retry-After: the Hub answered each time, no connection was re-established.
    const waited = (status: number, attempt: number, delayMs: number) =>
      serverErrorRetry('a.bin', { status, attempt, delayMs });
    for (const event of [waited(503, 1, 1000), waited(503, 2, 2000), waited(429, 3, 217_000)]) {
      renderer.onEvent(event);
    }
    advance(226_000);
    const done = { type: 'done', resultPath: '/c', totalBytes: 62_910_000, elapsedMs: 226_500 } as const;
    // 62.91 MB fetched in 9 s, while a file waited 3 min 37 s for a 429's Retry-After.
    renderer.onEvent({ ...done, downloadedBytes: 62_910_000, fetchingMs: 9000, hubWaitedMs: 217_000 });
    expect(lines.at(-1)).toBe(
      'Download complete: 62.91 MB fetched in 9.0 s (7.0 MB/s), waited 3 min 37 s for the Hub; 3 min 46 s in all',
    );
  });

  it('tells the first reconnect of each file and kind at once, in words, and counts the rest', () => {
    const { lines, renderer, advance } = setup();
    renderer.onEvent(planEvent());
    renderer.onEvent(stallEvent('model.safetensors'));
    renderer.onEvent(stallRetry('model.safetensors'));
    const dropped = droppedRetry('model.safetensors', 120);
    for (let i = 0; i < 20; i++) renderer.onEvent(dropped);
    advance(220_000);
    renderer.onEvent(doneEvent(11_000_000_000, 220_000));
    expect(lines.slice(1)).toEqual([
      'Notice: model.safetensors — no data for 35 s; reconnecting',
      'Notice: model.safetensors — connection dropped; reconnecting now (Network error (UND_ERR_SOCKET): other side closed)',
      'Download complete: 11.00 GB fetched in 3 min 40 s (50.0 MB/s); 21 connections re-established',
    ]);
  });

  it('rates the fetch from the plan on: the listing before it does not count', () => {
    expect(summaryAfter(6000, 2000, doneEvent(10_000_000, 8000))).toBe(
      'Download complete: 10.00 MB fetched in 2.0 s (5.0 MB/s)',
    );
  });

  it("prints the command's notices as they come", () => {
    const { lines, renderer } = setup();
    renderer.notice('Listing org/model…');
    expect(lines).toEqual(['Listing org/model…']);
  });

  it('says how long a sub-second download took, not "0 s"', () => {
    expect(summaryAfter(0, 400, doneEvent(70_800_000, 450))).toBe(
      'Download complete: 70.80 MB fetched in 0.4 s (177 MB/s)',
    );
  });

  it('summarises the finished download', () => {
    const { lines, renderer } = setup();
    renderer.onEvent(doneEvent(11_000_000_000, 220_000));
    expect(lines).toEqual(['Download complete: 11.00 GB fetched in 3 min 40 s (50.0 MB/s)']);
  });
});
