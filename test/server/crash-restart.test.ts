/**
 * The server as users run it (`hubget serve` from source, a separate process), killed mid-download:
 * SIGKILL loses nothing (the job finishes after a restart, re-fetching at most 10% of the bytes, and its
 * fetchedBytes counts every byte on disk it fetched, also those after its last stored count), and
 * SIGTERM (or SIGHUP, its terminal closed) saves the running job, then exits 0; the next start resumes it. The API counts both stops, a
 * crash told from a clean shutdown.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../src/api-server-status.js';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { getJob, serveFolders, spawnServe, waitForJob } from './serve-process.js';

const MiB = 1024 * 1024;

async function startServe(dir: string, hub: TestHub) {
  const server = spawnServe(serveFolders(dir), hub.url);
  return { ...server, url: await server.listening };
}

let hub: TestHub | undefined;
let dir: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('hubget serve, killed and restarted', () => {
  it('finishes a job after SIGKILL mid-download, re-fetching at most 10% of the bytes', async () => {
    hub = await startTestHub();
    dir = await mkdtemp(join(tmpdir(), 'hubget-crash-'));
    const total = 8 * MiB;
    await hub.addRepo({ repoId: 'org/crash', files: [{ path: 'weights.bin', size: total }] });
    // What a kill -9 loses is what arrived since the last resume-map write (one per 500 ms) and what was in
    // flight: at 1 MiB/s ≈ 0.5 MiB, within the 10 % below (at 2 MiB/s the bound itself was 1 MiB, 12.5 %, and
    // a late timer on a loaded machine crossed 10 % twice).
    hub.setFaults({ globalBytesPerSecond: 1 * MiB });

    const first = await startServe(dir, hub);
    children.push(first.child);
    const created = await fetch(`${first.url}/api/downloads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repoId: 'org/crash' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as JobView;
    const before = await waitForJob(first.url, id, (job) => job.downloaded >= total * 0.4);
    expect(before.state).toBe('running');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const servedBeforeCrash = hub.bytesServed('org/crash/weights.bin');

    hub.setFaults({ globalBytesPerSecond: undefined });
    const second = await startServe(dir, hub);
    children.push(second.child);
    const recovered = await getJob(second.url, id);
    // Progress survived the crash (persisted about once per second).
    expect(recovered.downloaded).toBeGreaterThan(0);
    // The API says a crash interrupted it, and when (its last saved tick, before the kill).
    expect(recovered.interruptions).toMatchObject({ count: 1, crashes: 1, lastCrash: true });
    expect(Date.parse(recovered.interruptions.lastAt!)).toBeLessThanOrEqual(Date.now());
    // And the server says it restarted after a crash that interrupted this job, alive until about then.
    const status = (await (await fetch(`${second.url}/api/system/status`)).json()) as ServerStatus;
    expect(status.uncleanStop).toMatchObject({ kind: 'crash', interruptedJobs: 1, jobIds: [id] });
    expect(Date.parse(status.uncleanStop!.lastAliveAt)).toBeGreaterThanOrEqual(
      Date.parse(recovered.interruptions.lastAt!),
    );
    const done = await waitForJob(
      second.url,
      id,
      (job) => job.state === 'completed' || job.state === 'failed',
    );
    expect(done).toMatchObject({ state: 'completed', downloaded: total, total });
    const served = hub.bytesServed('org/crash/weights.bin');
    console.log(
      `server kill -9: ${served - total} of ${total} bytes fetched twice; fetchedBytes ${done.fetchedBytes}`,
    );
    expect(servedBeforeCrash).toBeLessThan(total);
    expect(served - total).toBeLessThanOrEqual(total * 0.1);
    // The bytes that arrived after the last stored count and reached the resume map count too (the restart
    // reads them from the map: src/jobs/crash-fetched.ts); only those fetched twice may be missing.
    expect(done.fetchedBytes).toBeGreaterThanOrEqual(total);
    expect(done.fetchedBytes).toBeLessThanOrEqual(served);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  // SIGHUP: the terminal it ran in closed (uncaught, it killed the server and the next start counted a crash).
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    'on %s saves the running job, exits 0, and the job runs again after a restart, a clean stop counted',
    async (signal) => {
      hub = await startTestHub();
      dir = await mkdtemp(join(tmpdir(), 'hubget-term-'));
      const total = 4 * MiB;
      await hub.addRepo({ repoId: 'org/term', files: [{ path: 'weights.bin', size: total }] });
      hub.setFaults({ globalBytesPerSecond: 2 * MiB });
      const first = await startServe(dir, hub);
      children.push(first.child);
      const { id } = (await (
        await fetch(`${first.url}/api/downloads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ repoId: 'org/term' }),
        })
      ).json()) as JobView;
      await waitForJob(first.url, id, (job) => job.downloaded >= total * 0.25);
      first.child.kill(signal);
      expect((await first.exited).code).toBe(0);
      expect(first.output()).toContain('running jobs saved; they resume at the next start');

      hub.setFaults({ globalBytesPerSecond: undefined });
      const second = await startServe(dir, hub);
      children.push(second.child);
      const after = await getJob(second.url, id);
      expect(after.downloaded).toBeGreaterThan(0);
      // Not paused: it runs again by itself, with the stop counted as a clean one.
      expect(after.state).not.toBe('paused');
      expect(after.interruptions).toMatchObject({ count: 1, crashes: 0, lastCrash: false });
      await waitForJob(second.url, id, (job) => job.state === 'completed');
      expect(hub.bytesServed('org/term/weights.bin') - total).toBeLessThanOrEqual(total * 0.1);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    },
  );
});
