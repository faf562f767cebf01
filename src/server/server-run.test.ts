import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../api-types.js';
import { readRunRecord, SERVER_RUN_FILE_NAME, startServerRun, uncleanStopOf } from './server-run.js';

const T = Date.parse('2026-12-06T08:00:00.000Z');
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A job the start recovered: its interruption a crash at `lastAt`, or a clean stop. */
function recovered(id: string, lastCrash: boolean, lastAt: number): JobView {
  const interruptions = {
    count: 1,
    crashes: lastCrash ? 1 : 0,
    lastAt: new Date(lastAt).toISOString(),
    lastCrash,
  };
  return { id, interruptions } as JobView;
}

describe('server run record', () => {
  it('reads nothing from a missing or damaged record: no claim either way', () => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-run-'));
    expect(readRunRecord(dir)).toBeNull();
    writeFileSync(join(dir, SERVER_RUN_FILE_NAME), '{"startedAt":');
    expect(readRunRecord(dir)).toBeNull();
    expect(uncleanStopOf(null, [])).toBeNull();
  });

  it('a crash is dated by the later of the heartbeat and the jobs’ last saved progress', () => {
    const previous = { pid: 1, startedAt: T, aliveAt: T + 10_000, shutdownAt: null, stoppedAt: null };
    expect(uncleanStopOf(previous, [recovered('a', true, T + 14_000)])).toEqual({
      kind: 'crash',
      lastAliveAt: new Date(T + 14_000).toISOString(),
      shutdownStartedAt: null,
      previousStartedAt: new Date(T).toISOString(),
      interruptedJobs: 1,
      jobIds: ['a'],
    });
    // A clean stop says nothing; a job not saved by a shutdown says crash even when the record was lost.
    expect(uncleanStopOf({ ...previous, stoppedAt: T + 20_000 }, [recovered('a', false, T)])).toBeNull();
    expect(uncleanStopOf(null, [recovered('a', true, T + 3000)])).toMatchObject({
      kind: 'crash',
      lastAliveAt: new Date(T + 3000).toISOString(),
      previousStartedAt: null,
    });
  });

  it('a shutdown cut off is dated by its jobs’ last saved progress too, now counted as cut-offs, not crashes', () => {
    const previous = { pid: 1, startedAt: T, aliveAt: T + 10_000, shutdownAt: T + 10_000, stoppedAt: null };
    const cutOff = {
      id: 'a',
      interruptions: {
        count: 1,
        crashes: 0,
        cutOffs: 1,
        lastAt: new Date(T + 12_000).toISOString(),
        lastCrash: false,
        lastCutOff: true,
      },
    } as JobView;
    expect(uncleanStopOf(previous, [cutOff])).toMatchObject({
      kind: 'unclean-shutdown',
      lastAliveAt: new Date(T + 12_000).toISOString(),
      shutdownStartedAt: new Date(T + 10_000).toISOString(),
    });
  });

  it('writes the run at start, the shutdown when it begins, the stop when it finished', () => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-run-'));
    let now = T;
    const run = startServerRun({
      dataDir: dir,
      previous: null,
      interrupted: [],
      onError: () => {},
      now: () => now,
    });
    expect(readRunRecord(dir)).toMatchObject({ startedAt: T, aliveAt: T, shutdownAt: null, stoppedAt: null });
    now += 5000;
    run.shutdownBegun();
    expect(readRunRecord(dir)).toMatchObject({ shutdownAt: T + 5000, stoppedAt: null });
    now += 1000;
    run.stopped();
    run.end();
    expect(readRunRecord(dir)).toMatchObject({ shutdownAt: T + 5000, stoppedAt: T + 6000 });
    expect(run.status.uncleanStop).toBeNull();
  });
});
