import { describe, expect, it } from 'vitest';
import type { TransferEvent } from '../progress/index.js';
import type { ProgressRenderer } from './renderers/progress-renderer.js';
import { withWaitingNotices } from './waiting-notices.js';

type WaitingEvent = Extract<TransferEvent, { type: 'file-waiting' }>;

const waiting = (path: string, size: number, pid = 4242, hostname = 'here'): WaitingEvent => ({
  type: 'file-waiting',
  path,
  size,
  owner: { pid, hostname },
});

const progress: TransferEvent = {
  type: 'progress',
  downloaded: 0,
  total: 1,
  bytesPerSecond: 0,
  etaSeconds: null,
  filesDone: 0,
  filesTotal: 1,
  activeFiles: [],
  fetchedBytes: 0,
  otherRunBytes: 0,
  copiedBytes: 0,
  fetchingMs: 0,
};

/**
 * The wrapper around a face that records, in order, what reaches the face and the lines written (`seen`), and
 * apart the notices alone (`notices`).
 */
function record(drawsBars: boolean) {
  const seen: string[] = [];
  const notices: string[] = [];
  const inner: ProgressRenderer = {
    onEvent: (event) => seen.push(`event ${event.type}`),
    notice: (line) => {
      seen.push(`notice ${line}`);
      notices.push(line);
    },
    stop: () => seen.push('stop'),
  };
  return { seen, notices, renderer: withWaitingNotices(inner, (line) => seen.push(line), drawsBars) };
}

describe('withWaitingNotices', () => {
  it('writes the lines of a batch before the next event reaches the face (the bars come after them)', () => {
    const { seen, renderer } = record(true);
    renderer.onEvent(waiting('a.bin', 1));
    renderer.onEvent(waiting('b.bin', 1));
    renderer.onEvent(progress);
    expect(seen).toEqual([
      'event file-waiting',
      'event file-waiting',
      expect.stringMatching(/^Waiting for another download of 2 files, 2 B \(pid 4242/),
      'event progress',
    ]);
  });

  it('writes no line for the waits the plan line named with their download (one line, not two)', () => {
    const { seen, renderer } = record(false);
    const plan: TransferEvent = {
      type: 'plan',
      repoId: 'org/x',
      commit: 'c'.repeat(40),
      totalBytes: 2,
      presentBytes: 0,
      filesWaiting: 2,
      waitingBytes: 2,
      waitingFor: [{ pid: 4242, hostname: 'here' }],
      filesTotal: 2,
      filesPresent: 0,
      files: [],
    };
    renderer.onEvent(plan);
    renderer.onEvent(waiting('a.bin', 1));
    renderer.onEvent(waiting('b.bin', 1));
    renderer.onEvent(progress);
    // A wait announced later (a third download took the files over) still gets its line.
    renderer.onEvent(waiting('a.bin', 1, 4343));
    renderer.onEvent(progress);
    expect(seen).toEqual([
      'event plan',
      'event file-waiting',
      'event file-waiting',
      'event progress',
      'event file-waiting',
      expect.stringMatching(/^Waiting for another download of a\.bin \(pid 4343/),
      'event progress',
    ]);
  });

  it('writes no line over drawn bars, but does between log lines', () => {
    const bars = record(true);
    bars.renderer.onEvent(progress);
    bars.renderer.onEvent(waiting('a.bin', 1));
    bars.renderer.stop();
    expect(bars.seen).toEqual(['event progress', 'event file-waiting', 'stop']);

    const log = record(false);
    log.renderer.onEvent(progress);
    log.renderer.onEvent(waiting('a.bin', 1));
    log.renderer.stop();
    expect(log.seen).toEqual([
      'event progress',
      'event file-waiting',
      expect.stringMatching(/^Waiting for another download of a\.bin \(pid 4242/),
      'stop',
    ]);
  });
});

describe('withWaitingNotices, a takeover', () => {
  it('says above the bars that this run took over the files the stopped download left', () => {
    const { seen, renderer } = record(true);
    renderer.onEvent(waiting('a.bin', 1000, 15633));
    renderer.onEvent(waiting('b.bin', 2000, 15633));
    renderer.onEvent(progress);
    seen.length = 0;
    renderer.onEvent({ type: 'file-start', path: 'a.bin', size: 1000, resumedBytes: 400 });
    renderer.onEvent({ type: 'file-start', path: 'b.bin', size: 2000, resumedBytes: 0 });
    // A file this run did not wait for is no takeover.
    renderer.onEvent({ type: 'file-start', path: 'c.bin', size: 5, resumedBytes: 0 });
    renderer.onEvent(progress);
    expect(seen).toEqual([
      'event file-start',
      'event file-start',
      'event file-start',
      expect.stringMatching(
        /^notice Took over 2 files, 3\.00 kB from pid 15633(?: on here)?, which stopped without them; resuming 400 B it had fetched$/,
      ),
      'event progress',
    ]);
  });

  it('says nothing for a waited file the other download put in place', () => {
    const { notices: seen, renderer } = record(true);
    renderer.onEvent(waiting('a.bin', 1000));
    renderer.onEvent({ type: 'file-done', path: 'a.bin', size: 1000, reused: true });
    renderer.onEvent({ type: 'file-start', path: 'a.bin', size: 1000, resumedBytes: 0 });
    renderer.stop();
    expect(seen).toEqual([]);
  });

  it('says nothing for a waited file copied from the blob the other download fetched into the HF cache', () => {
    const { notices: seen, renderer } = record(true);
    renderer.onEvent(waiting('a.bin', 1000));
    renderer.onEvent({ type: 'file-start', path: 'a.bin', size: 1000, resumedBytes: 0, copying: true });
    renderer.onEvent({ type: 'file-done', path: 'a.bin', size: 1000, reused: true });
    renderer.stop();
    expect(seen).toEqual([]);
  });
});
