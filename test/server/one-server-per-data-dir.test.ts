/**
 * One `hubget serve` per data dir, as separate processes: a second server on a data dir in use is refused at
 * once, naming the first (on another port, and on the same port: the lock is checked before the port); a
 * server killed with SIGKILL never blocks the next start; and a server that cannot bind its port exits
 * having recovered and run nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { createJob, getJob, serveFolders, spawnServe, waitForJob } from './serve-process.js';

const MiB = 1024 * 1024;

let hub: TestHub | undefined;
let dir: string | undefined;
let blocker: Server | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs a server that must not start: its exit code and output ('listening' if it did start: it is then stopped). */
async function refused(port: number) {
  const server = spawnServe(serveFolders(dir!), hub!.url, port);
  children.push(server.child);
  const outcome = await Promise.race([
    server.exited,
    // A failed start is seen by `exited`; this one only settles for a server that listens.
    server.listening.then(
      () => 'listening' as const,
      () => new Promise<never>(() => {}),
    ),
  ]);
  if (outcome === 'listening') {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  return { code: outcome === 'listening' ? outcome : outcome.code, output: server.output() };
}

/** Nothing of a job was touched: no recovery, no run. */
function expectNoJobWork(output: string): void {
  expect(output).not.toContain('Job interrupted by');
  expect(output).not.toContain('Job started');
}

it('refuses a second server on a data dir in use, survives SIGKILL, and binds its port before running jobs', async () => {
  hub = await startTestHub();
  dir = await mkdtemp(join(tmpdir(), 'hubget-one-server-'));
  // 32 s at the paced rate: the job is still running after two refused starts on a loaded machine (at 8 s it
  // once finished before them; at 16 s it failed twice beside other server tests under load).
  const total = 32 * MiB;
  await hub.addRepo({ repoId: 'org/locked', files: [{ path: 'weights.bin', size: total }] });
  hub.setFaults({ globalBytesPerSecond: MiB });

  const first = spawnServe(serveFolders(dir), hub.url);
  children.push(first.child);
  const firstUrl = await first.listening;
  const { id } = await createJob(firstUrl, 'org/locked');
  await waitForJob(firstUrl, id, (job) => job.downloaded > 0);
  const firstPort = new URL(firstUrl).port;

  // Another port: refused before it reads the store, naming the server that holds the data dir.
  for (const port of [0, Number(firstPort)]) {
    const second = await refused(port);
    expect(second.code, second.output).toBe(1);
    expect(second.output).toContain(
      `error [IN_USE]: The data dir ${join(dir, 'data')} is in use: another hubget server (pid ${first.child.pid} on `,
    );
    expect(second.output).toContain(`${firstUrl}, since `);
    expect(second.output).not.toContain('EADDRINUSE');
    expectNoJobWork(second.output);
  }
  expect((await getJob(firstUrl, id)).state).toBe('running');

  // SIGKILL: the lock goes with the process. The job stays `running` in the store, to be recovered.
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');

  // A port already taken: the server exits without recovering or running the interrupted job.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
  const takenPort = (blocker.address() as { port: number }).port;
  const servedBefore = hub.bytesServed('org/locked/weights.bin');
  const noPort = await refused(takenPort);
  expect(noPort.code, noPort.output).toBe(1);
  expect(noPort.output).toContain(
    `error [INVALID_ARGUMENT]: Cannot listen on 127.0.0.1:${takenPort} (EADDRINUSE)`,
  );
  expectNoJobWork(noPort.output);
  expect(hub.bytesServed('org/locked/weights.bin')).toBe(servedBefore);

  // The next server on the data dir starts (neither the kill nor the failed start left it locked),
  // recovers the job and finishes it.
  hub.setFaults({ globalBytesPerSecond: undefined });
  const third = spawnServe(serveFolders(dir), hub.url);
  children.push(third.child);
  const thirdUrl = await third.listening;
  // Logged as the job is recovered, which comes once the port is bound (the listening line first).
  await vi.waitFor(
    () =>
      expect(third.output()).toContain(
        'Job interrupted by a crash of the server (it was not shut down cleanly); resuming',
      ),
    { timeout: 10_000 },
  );
  expect(await waitForJob(thirdUrl, id, (job) => job.state === 'completed')).toMatchObject({
    downloaded: total,
  });
  third.child.kill('SIGTERM');
  expect((await third.exited).code).toBe(0);
}, 90_000);
