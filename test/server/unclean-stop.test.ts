/**
 * `hubget serve` as users run it (a separate process): a start after a stop that was not clean says so once
 * on GET /api/system/status (src/server/server-run.ts), with no job running too (a kill -9 of an idle server
 * left no trace before), and tells a shutdown cut off before it finished from a crash. A clean stop says nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../src/api-server-status.js';
import type { JobView } from '../../src/api-types.js';
import { serveFolders, spawnServe } from './serve-process.js';

let dir: string | undefined;
let silentHub: Server | undefined;
const sockets: Socket[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const socket of sockets.splice(0)) socket.destroy();
  if (silentHub) await new Promise((resolve) => silentHub?.close(resolve));
  silentHub = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A "Hub" on loopback that takes requests and never answers; `seen`: the request heads it was sent. */
async function startSilentHub(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  silentHub = createServer((socket) => {
    sockets.push(socket);
    socket.setEncoding('utf8').on('data', (text: string) => seen.push(text.split('\r\n')[0] ?? ''));
  });
  await new Promise<void>((resolve) => silentHub?.listen(0, '127.0.0.1', resolve));
  const { port } = silentHub.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

/** POST /api/downloads of `repoId` (not awaited by the caller when it is to stay in flight). */
function postDownload(url: string, repoId: string): Promise<Response> {
  return fetch(`${url}/api/downloads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId }),
  });
}

async function until(what: string, check: () => boolean, output: () => string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 20_000) throw new Error(`${what} did not happen:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A server on `folder`'s folders; by default the Hub is a closed loopback port: nothing is downloaded. */
async function startServe(folder: string, hubUrl = 'http://127.0.0.1:9') {
  const server = spawnServe(serveFolders(folder), hubUrl);
  children.push(server.child);
  const url = await server.listening;
  const status = (await (await fetch(`${url}/api/system/status`)).json()) as ServerStatus;
  return { ...server, url, status };
}

describe('hubget serve after a stop that was not clean', () => {
  it('says it restarted after a kill -9 of an idle server, when it was last alive, and nothing after a clean stop', {
    timeout: 90_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-unclean-'));
    const first = await startServe(dir);
    // A first start: nothing to say.
    expect(first.status.uncleanStop).toBeNull();
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await startServe(dir);
    const stop = second.status.uncleanStop;
    expect(stop).toMatchObject({
      kind: 'crash',
      shutdownStartedAt: null,
      previousStartedAt: first.status.startedAt,
      interruptedJobs: 0,
      jobIds: [],
    });
    // Last known alive: from the first run's start to the kill.
    expect(Date.parse(stop!.lastAliveAt)).toBeGreaterThanOrEqual(Date.parse(first.status.startedAt));
    expect(Date.parse(stop!.lastAliveAt)).toBeLessThanOrEqual(killedAt);
    expect(second.output()).toContain('hubget restarted after a crash');

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const third = await startServe(dir);
    expect(third.status.uncleanStop).toBeNull();
    expect(third.output()).not.toContain('hubget restarted after');
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
  });

  it('names a shutdown that did not finish an unclean shutdown, not a crash, for the server and its job', {
    timeout: 90_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-unclean-'));
    const hub = await startSilentHub();
    const first = await startServe(dir, hub.url);
    // A job running when the shutdown is cut off: queued unchecked once its Hub check gets no answer (5 s),
    // it runs, retrying its listing.
    const created = await postDownload(first.url, 'org/cut');
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as JobView;
    // A request the server is still answering holds its shutdown (it waits for it, then saves the jobs):
    // another download's check, with the Hub that never answers.
    void postDownload(first.url, 'org/held').catch(() => undefined);
    await until('the held check', () => hub.seen.some((head) => head.includes('org/held')), first.output);
    first.child.kill('SIGTERM');
    await until('the shutdown', () => first.output().includes('shutting down'), first.output);
    // A second signal ends the process before the shutdown finished (exit 1), as its 15 s limit does.
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(1);

    const second = await startServe(dir, hub.url);
    const stop = second.status.uncleanStop;
    expect(stop).toMatchObject({ kind: 'unclean-shutdown', interruptedJobs: 1, jobIds: [id] });
    expect(Date.parse(stop!.shutdownStartedAt!)).toBeGreaterThanOrEqual(Date.parse(first.status.startedAt));
    expect(second.output()).toContain('hubget restarted after an unclean shutdown');
    // The job was not saved by that shutdown: counted as that shutdown, as the server's record names it, not
    // as a crash; and the log names the shutdown.
    const job = (await (await fetch(`${second.url}/api/downloads/${id}`)).json()) as JobView;
    expect(job.interruptions).toMatchObject({
      count: 1,
      crashes: 0,
      cutOffs: 1,
      lastCrash: false,
      lastCutOff: true,
    });
    expect(second.output()).toContain('Job interrupted by a server shutdown that did not finish');
    expect(second.output()).not.toContain('Job interrupted by a crash');
    second.child.kill('SIGKILL');
  });
});
