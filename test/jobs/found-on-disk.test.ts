/**
 * A paused job whose files another download put in place (here the engine run directly, as `hubget
 * download` runs it on the server's hub cache), with the real engine against the test hub: the job is
 * completed once the service looks (completeIfOnDisk, at start after a restart, and when another process's
 * download the external watcher followed ends), not left "paused" beside an installed model; a paused job
 * with files missing stays paused.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobServiceEvent } from '../../src/jobs/types.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const REPO = { repoId: 'org/q6', repoType: 'model' as const };
const SIZE = 2_000_000;
const TOTAL = 2 * SIZE + 21;

let hub: TestHub;
const engines = engineServices('found-on-disk');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"model_type":"test"}' },
      { path: 'a.safetensors', size: SIZE },
      { path: 'b.safetensors', size: SIZE },
    ],
  });
});

afterAll(() => hub.close());

afterEach(async () => {
  hub.resetFaults();
  await engines.stopAll();
});

const options = { progressFiles: false, tickIntervalMs: 100, connectionsPerFile: 1 };

/** Starts a job, lets it fetch part of the files and pauses it. */
async function pausedPartWay(localDir?: string) {
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
  const service = await engines.start(hub.url, options);
  const events: JobServiceEvent[] = [];
  service.subscribe((event) => events.push(event));
  const { job } = await service.create({ ...REPO, ...(localDir && { localDir }) });
  await waitFor(() => service.get(job.id)!.downloaded > 300_000, 'part-way', 20_000);
  await service.pause(job.id);
  hub.resetFaults();
  return { service, events, id: job.id };
}

/** Another download of the same repo into the server's hub cache (or the job's local dir) finishes it. */
async function otherDownloadFinishes(localDir?: string): Promise<void> {
  const where = localDir ? { localDir: join(engines.dir, 'models', localDir) } : {};
  await downloadModel(
    requestFor(hub, REPO, { cacheDir: join(engines.dir, 'cache'), ...where }),
    testOptions(),
  );
}

describe('a paused job whose files another download put in place', () => {
  it('is completed once the service looks, with every file present', async () => {
    const { service, events, id } = await pausedPartWay();
    // Nothing else has finished it yet: the job stays paused.
    expect(await service.completeIfOnDisk(id)).toBe(false);
    expect(service.get(id)!.state).toBe('paused');
    expect(service.get(id)!.downloaded).toBeLessThan(TOTAL);

    await otherDownloadFinishes();
    expect(service.get(id)!.state).toBe('paused');
    expect(await service.completeIfOnDisk(id)).toBe(true);
    expect(service.get(id)).toMatchObject({ state: 'completed', downloaded: TOTAL, percent: 100 });
    expect(service.get(id)!.resultPath).toMatch(/models--org--q6[/\\]snapshots[/\\][0-9a-f]{40}$/);
    // The files the other download put there are present; config.json the job may have verified itself.
    expect(service.files(id).map((file) => [file.path, file.state, file.downloaded === file.size])).toEqual([
      ['a.safetensors', 'present', true],
      ['b.safetensors', 'present', true],
      ['config.json', expect.stringMatching(/^(present|verified)$/), true],
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'notification', level: 'success', jobId: id }),
    );
    // Once completed it is not looked at again.
    expect(await service.completeIfOnDisk(id)).toBe(false);
  }, 60_000);

  it('in a local dir too', async () => {
    const { service, id } = await pausedPartWay('q6-local');
    expect(await service.completeIfOnDisk(id)).toBe(false);
    await otherDownloadFinishes('q6-local');
    expect(await service.completeIfOnDisk(id)).toBe(true);
    expect(service.get(id)).toMatchObject({
      state: 'completed',
      downloaded: TOTAL,
      resultPath: join(engines.dir, 'models', 'q6-local'),
    });
  }, 60_000);

  it("is completed when another process's download of it, seen by the external watcher, ends", async () => {
    const service = await engines.start(hub.url, { ...options, watchExternal: true });
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const { job } = await service.create(REPO);
    await waitFor(() => service.get(job.id)!.downloaded > 300_000, 'part-way', 20_000);
    await service.pause(job.id);
    // `hubget download` of the same repo in another process takes over the paused job's files.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../download/child-download.ts', import.meta.url)),
        JSON.stringify({
          endpoint: hub.url,
          token: hub.token,
          repoId: REPO.repoId,
          cacheDir: join(engines.dir, 'cache'),
          connectionsPerFile: 1,
          resumeMapIntervalMs: 100,
        }),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => service.list().some((view) => view.kind === 'external'), 'seen', 30_000);
      hub.resetFaults();
      expect(await exited).toBe(0);
      // Nothing asks the service (no model list, no Delete): the watcher's next scan finds the download gone.
      await waitFor(() => service.get(job.id)!.state === 'completed', 'completed', 10_000);
      expect(service.get(job.id)).toMatchObject({ downloaded: TOTAL, percent: 100 });
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('is completed at the next start when it was finished while the server was down', async () => {
    const first = await pausedPartWay();
    await first.service.shutdown();
    await otherDownloadFinishes();
    const again = await engines.start(hub.url, options, engines.dir);
    await waitFor(() => again.get(first.id)!.state === 'completed', 'completed at start', 10_000);
    expect(again.get(first.id)).toMatchObject({ downloaded: TOTAL, percent: 100 });
  }, 60_000);
});
