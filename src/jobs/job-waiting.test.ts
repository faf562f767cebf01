/** What a running job says it waits for: files another hubget download is fetching (`waitingFor`). */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import type { TransferEvent } from '../progress/events.js';
import type { JobTelemetry } from './job-telemetry.js';

const other = { pid: 4242, hostname: 'build-2' };
const here = { pid: 77, hostname: hostname() };

function fresh(): JobTelemetry {
  const telemetry = freshTelemetry();
  telemetry.beginRun(0);
  telemetry.handle(
    {
      type: 'plan',
      repoId: 'org/a',
      commit: 'c'.repeat(40),
      totalBytes: 1110,
      presentBytes: 0,
      filesTotal: 3,
      filesPresent: 0,
      files: [
        { path: 'a.bin', size: 1000, present: false },
        { path: 'b.bin', size: 100, present: false },
        { path: 'c.json', size: 10, present: false },
      ],
    },
    0,
  );
  return telemetry;
}

const waiting = (path: string, size: number, owner = other): TransferEvent => ({
  type: 'file-waiting',
  path,
  size,
  owner,
});

describe('JobTelemetry: what the run waits for', () => {
  it('is null until a file-waiting event, then counts the files, their size and who fetches them', () => {
    const telemetry = fresh();
    expect(telemetry.waitingFor()).toBeNull();
    telemetry.handle(waiting('a.bin', 1000), 1);
    telemetry.handle(waiting('b.bin', 100, here), 1);
    telemetry.handle(waiting('c.json', 10), 1);
    // Same host as this server: the pid says it; another host is named.
    expect(telemetry.waitingFor()).toEqual({
      files: 3,
      bytes: 1110,
      owners: ['pid 4242 on build-2', 'pid 77'],
    });
  });

  it('drops a file once it is in place, taken over or failed', () => {
    const telemetry = fresh();
    telemetry.handle(waiting('a.bin', 1000), 1);
    telemetry.handle(waiting('b.bin', 100), 1);
    telemetry.handle(waiting('c.json', 10, here), 1);
    telemetry.handle({ type: 'file-done', path: 'a.bin', size: 1000, reused: true }, 2);
    expect(telemetry.waitingFor()).toEqual({
      files: 2,
      bytes: 110,
      owners: ['pid 4242 on build-2', 'pid 77'],
    });
    telemetry.handle({ type: 'file-start', path: 'b.bin', size: 100, resumedBytes: 40 }, 3);
    expect(telemetry.waitingFor()).toEqual({ files: 1, bytes: 10, owners: ['pid 77'] });
    telemetry.handle(
      { type: 'file-failed', path: 'c.json', error: { code: 'TRANSFER_FAILED', message: 'x' } },
      4,
    );
    expect(telemetry.waitingFor()).toBeNull();
  });

  it('ends with the run, and a new run starts from none', () => {
    const telemetry = fresh();
    telemetry.handle(waiting('a.bin', 1000), 1);
    telemetry.endRun();
    expect(telemetry.waitingFor()).toBeNull();
    telemetry.handle(waiting('a.bin', 1000), 2);
    telemetry.beginRun(3);
    expect(telemetry.waitingFor()).toBeNull();
  });
});

describe('jobs service: waitingFor in the JobView', () => {
  it('shows it while the job runs and waits, not once it is paused', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    expect(job.waitingFor).toBeNull();
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const run = h.runner.active.get('org/a')!;
    run.emit(waiting('model.safetensors', 1000));
    expect(h.service.get(job.id)!.waitingFor).toEqual({
      files: 1,
      bytes: 1000,
      owners: ['pid 4242 on build-2'],
    });
    h.service.pause(job.id);
    expect(h.service.get(job.id)!.waitingFor).toBeNull();
  });
});
