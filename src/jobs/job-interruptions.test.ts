import { describe, expect, it } from 'vitest';
import { FakeJobRunner } from '../../test/support/jobs/fake-job-runner.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import { NO_INTERRUPTIONS } from '../job-interruptions.js';
import { interruptionLine } from './job-interruptions.js';

const at = (ms: number) => new Date(ms).toISOString();

describe('jobs service: interruptions by server stops', () => {
  it('counts each stop that found a job running, crashes told from clean shutdowns, across restarts', async () => {
    const T1 = Date.UTC(2026, 11, 6, 3, 12);
    const h = harness({ now: () => T1 });
    const running = (await h.service.create({ repoId: 'org/run' })).job.id;
    await h.service.create({ repoId: 'org/other' });
    const queued = (await h.service.create({ repoId: 'org/queued' })).job.id;
    const paused = (await h.service.create({ repoId: 'org/paused' })).job.id;
    await h.service.pause(paused);
    await waitFor(() => h.runner.active.size === 2, 'two running');
    h.runner.active.get('org/run')!.progress(300);
    await waitFor(() => h.service.history(running).length > 0, 'progress saved by a tick');
    expect(h.service.get(running)!.interruptions).toEqual(NO_INTERRUPTIONS);

    // kill -9: the first service is abandoned. Its last saved tick (T1) is when the crash happened.
    const T2 = T1 + 60_000;
    const runner2 = new FakeJobRunner(h.dir);
    const second = h.restart({ runner: runner2, now: () => T2 });
    await waitFor(() => runner2.active.size === 2, 'running again after the crash');
    const crashed = { ...NO_INTERRUPTIONS, count: 1, crashes: 1, lastAt: at(T1), lastCrash: true };
    expect(second.get(running)!.interruptions).toEqual(crashed);
    // Paused and queued jobs were not running: nothing interrupted them.
    expect(second.get(queued)!.interruptions).toEqual(NO_INTERRUPTIONS);
    expect(second.get(paused)!.interruptions).toEqual(NO_INTERRUPTIONS);

    // A clean shutdown (SIGTERM) at T2: the next start counts a stop that was not a crash.
    await second.shutdown();
    const third = h.restart({ runner: runner2, now: () => T2 + 60_000 });
    await waitFor(() => runner2.active.size === 2, 'running again after the shutdown');
    expect(third.get(running)!.interruptions).toEqual({
      ...NO_INTERRUPTIONS,
      count: 2,
      crashes: 1,
      lastAt: at(T2),
      lastCrash: false,
    });

    // Paused, then another clean restart: a job that was not running keeps its record, counted once.
    await third.pause(running);
    await third.shutdown();
    const fourth = h.restart({ runner: runner2 });
    expect(fourth.get(running)).toMatchObject({
      state: 'paused',
      interruptions: { ...NO_INTERRUPTIONS, count: 2, crashes: 1, lastAt: at(T2), lastCrash: false },
    });
  });

  it('counts a job a shutdown cut off did not save as that shutdown’s, not as a crash (the server’s rule)', async () => {
    const T1 = Date.UTC(2026, 11, 6, 3, 12);
    const h = harness({ now: () => T1 });
    const id = (await h.service.create({ repoId: 'org/run' })).job.id;
    await waitFor(() => h.runner.active.size === 1, 'running');
    h.runner.active.get('org/run')!.progress(300);
    await waitFor(() => h.service.history(id).length > 0, 'progress saved by a tick');

    // A shutdown began and was cut off before it saved the job: the next start is told so (server-run.ts).
    const runner2 = new FakeJobRunner(h.dir);
    const second = h.restart({ runner: runner2, now: () => T1 + 60_000, shutdownCutOff: true });
    await waitFor(() => runner2.active.size === 1, 'running again after the cut-off shutdown');
    const cutOff = { ...NO_INTERRUPTIONS, count: 1, cutOffs: 1, lastAt: at(T1), lastCutOff: true };
    expect(second.get(id)!.interruptions).toEqual(cutOff);

    // Then a crash at the same saved time: the last one is the crash, counted apart.
    const third = h.restart({ runner: new FakeJobRunner(h.dir), now: () => T1 + 120_000 });
    expect(third.get(id)!.interruptions).toEqual({
      count: 2,
      crashes: 1,
      cutOffs: 1,
      lastAt: at(T1),
      lastCrash: true,
      lastCutOff: false,
    });
  });

  it('logs each recovered job with its counts including this stop, and says them once it was stopped before', async () => {
    const T1 = Date.UTC(2026, 11, 6, 3, 12);
    const h = harness({ now: () => T1 });
    const id = (await h.service.create({ repoId: 'org/run' })).job.id;
    await waitFor(() => h.runner.active.size === 1, 'running');
    const lines: Array<{ details: Record<string, unknown>; message: string }> = [];
    const logger = {
      info: (details: object, message: string) => {
        if (message.startsWith('Job interrupted'))
          lines.push({ details: details as Record<string, unknown>, message });
      },
      warn: () => {},
      error: () => {},
    };

    // kill -9, then a start: its first stop, a crash, counted as the job's view says it from now on.
    const runner2 = new FakeJobRunner(h.dir);
    const second = h.restart({ runner: runner2, logger });
    await waitFor(() => runner2.active.size === 1, 'running again after the crash');
    expect(lines).toEqual([
      {
        details: { jobId: id, interruptions: 1, crashes: 1, cutOffs: 0 },
        message: 'Job interrupted by a crash of the server (it was not shut down cleanly); resuming',
      },
    ]);
    expect(second.get(id)!.interruptions).toMatchObject({ count: 1, crashes: 1, cutOffs: 0 });

    // A clean shutdown, then a start: its second stop, said with the kinds of both.
    await second.shutdown();
    h.restart({ runner: runner2, logger });
    await waitFor(() => lines.length === 2, 'the second line');
    expect(lines[1]).toEqual({
      details: { jobId: id, interruptions: 2, crashes: 1, cutOffs: 0 },
      message:
        'Job interrupted by a server shutdown; resuming (2 server stops with this one: 1 crash, 1 clean shutdown)',
    });
  });

  it('names every kind of stop in the counts of the log line, none twice', () => {
    expect(interruptionLine('crash', { interruptions: 4, crashes: 2, cutOffs: 2 })).toBe(
      'Job interrupted by a crash of the server (it was not shut down cleanly); resuming (4 server stops with this one: 2 crashes, 2 shutdowns cut off)',
    );
    expect(interruptionLine('clean', { interruptions: 3, crashes: 0, cutOffs: 1 })).toBe(
      'Job interrupted by a server shutdown; resuming (3 server stops with this one: 1 shutdown cut off, 2 clean shutdowns)',
    );
  });
});
