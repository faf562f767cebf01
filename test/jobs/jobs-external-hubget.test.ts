/**
 * A `hubget download` run by another process into the server's cache shows as an external job (its repo and
 * bytes counted by its resume map, never ahead of what the hub sent); the server's own jobs, running or
 * paused (also a file of theirs without a resume map), never do, while another program's download that grows in
 * a paused job's folder does. Real engine, real child process (test/download/child-download.ts), paced test hub.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { downloadsWaitedFor, jobsWaitingOn } from '../../src/jobs/waited-downloads.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const childScript = fileURLToPath(new URL('../download/child-download.ts', import.meta.url));
const SIZE = 6_000_000;

let hub: TestHub;
const engines = engineServices('jobs-external-hubget');
let child: ChildProcess | undefined;

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['cli', 'running', 'paused']) {
    await hub.addRepo({ repoId: `org/${name}`, files: [{ path: `${name}.bin`, size: SIZE }] });
  }
});

afterAll(() => hub.close());

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  hub.resetFaults();
  await engines.stopAll();
});

const externals = (jobs: JobView[]) => jobs.filter((job) => job.kind === 'external');

/** A server's jobs service that watches external downloads, against a hub pacing each stream; its cache folder. */
async function watchingService() {
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 400_000 } });
  const service = await engines.start(hub.url, {
    progressFiles: false,
    tickIntervalMs: 100,
    connectionsPerFile: 1,
    watchExternal: true,
  });
  return { service, cacheDir: join(engines.dir, 'cache') };
}

it("shows another process's hubget download as external, never the server's running or paused jobs", async () => {
  const { service, cacheDir } = await watchingService();

  const paused = (await service.create({ repoId: 'org/paused' })).job;
  await waitFor(() => service.get(paused.id)!.downloaded > 100_000, 'org/paused part-way', 20_000);
  await service.pause(paused.id);
  const pausedBlobs = readdirSync(join(cacheDir, 'models--org--paused', 'blobs'));
  expect(pausedBlobs.some((name) => name.endsWith('.incomplete'))).toBe(true);
  // And a file of the paused job without a resume map: its run was killed before its first map write.
  writeFileSync(join(cacheDir, 'models--org--paused', 'blobs', `${'e'.repeat(64)}.0badc0de.incomplete`), 'x');
  const running = (await service.create({ repoId: 'org/running' })).job;
  await waitFor(() => service.get(running.id)!.downloaded > 100_000, 'org/running part-way', 20_000);

  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      childScript,
      JSON.stringify({
        endpoint: hub.url,
        token: hub.token,
        repoId: 'org/cli',
        cacheDir,
        connectionsPerFile: 1,
        resumeMapIntervalMs: 100,
      }),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const seen: JobView[] = [];
  await waitFor(
    () => {
      const now = externals(service.list());
      seen.push(...now);
      return now.some((job) => job.repoId === 'org/cli' && job.downloaded > 200_000 && job.total > 0);
    },
    'the other process’s download shown',
    30_000,
  );
  const shown = externals(service.list());
  expect(shown).toHaveLength(1);
  expect(shown[0]).toMatchObject({ kind: 'external', state: 'running', repoId: 'org/cli', total: SIZE });
  // Counted by its resume map: the temp file is sized whole, yet the count is what the hub has sent.
  expect(shown[0]!.downloaded).toBeLessThanOrEqual(hub.bytesServed('cli.bin'));
  expect(new Set(seen.map((job) => job.repoId))).toEqual(new Set(['org/cli']));
  expect(service.get(paused.id)).toMatchObject({ state: 'paused' });
  expect(service.get(running.id)).toMatchObject({ state: 'running' });
}, 60_000);

it('pairs a job waiting for a `hubget download` with that download listed as external, by who runs it', async () => {
  const { service, cacheDir } = await watchingService();
  const options = { endpoint: hub.url, token: hub.token, repoId: 'org/cli', cacheDir, connectionsPerFile: 1 };
  child = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, JSON.stringify({ ...options, resumeMapIntervalMs: 100 })],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitFor(
    () => externals(service.list()).some((job) => job.repoId === 'org/cli'),
    'the CLI run shown',
    30_000,
  );
  // The server's job of the same repo waits for the file the CLI run claimed.
  const job = (await service.create({ repoId: 'org/cli' })).job;
  await waitFor(() => service.get(job.id)!.waitingFor !== null, 'the job waiting', 20_000);
  const all = service.list();
  const external = externals(all)[0]!;
  expect(external.hubgetRuns).toEqual([`pid ${child.pid}`]);
  expect(service.get(job.id)!.waitingFor!.owners).toEqual(external.hubgetRuns);
  expect(downloadsWaitedFor(service.get(job.id)!, all).map((shown) => shown.id)).toEqual([external.id]);
  expect(jobsWaitingOn(external, all).map((shown) => shown.id)).toEqual([job.id]);
}, 60_000);

it("shows another program's download growing in a paused job's folder (Python's huggingface_hub)", async () => {
  const { service, cacheDir } = await watchingService();
  const paused = (await service.create({ repoId: 'org/paused' })).job;
  await waitFor(() => service.get(paused.id)!.downloaded > 100_000, 'org/paused part-way', 20_000);
  await service.pause(paused.id);
  const blobs = join(cacheDir, 'models--org--paused', 'blobs');
  // The paused job's own file without a resume map (a run killed before its first map write) never shows.
  writeFileSync(join(blobs, `${'e'.repeat(64)}.0badc0de.incomplete`), 'x');
  const python = join(blobs, `${'f'.repeat(64)}.incomplete`);
  writeFileSync(python, Buffer.alloc(1_000, 1));
  await waitFor(
    () => {
      appendFileSync(python, Buffer.alloc(1_000, 1));
      return externals(service.list()).some((job) => job.repoId === 'org/paused');
    },
    "the other program's download shown",
    20_000,
  );
  const shown = externals(service.list());
  expect(shown).toHaveLength(1);
  expect(shown[0]).toMatchObject({ kind: 'external', state: 'running', repoId: 'org/paused' });
  expect(service.get(paused.id)).toMatchObject({ state: 'paused' });
}, 60_000);
