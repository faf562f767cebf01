/**
 * Pausing and cancelling a mirror pull (docs/mirror.md, "Pull-through, once"): refused (409 IN_USE) while a
 * client waits on it, allowed once none does. Before, a mirror job could never be paused or cancelled while it
 * ran, client or not (the check asked whether the mirror had started the job), so an abandoned multi-GB pull
 * could not be stopped, nor its model deleted ("cancel it first"). A paused pull stays paused until a client
 * asks for its file again. The test hub paces each connection; loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';

const BIG = 24 * 1024 * 1024;
const PACED = { perStreamBytesPerSecond: { bytesPerSecond: 100_000 } };

let hub: TestHub;
let repo: TestRepo;
let forced: TestRepo;
let mirror: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub({ faults: PACED });
  repo = await hub.addRepo({ repoId: 'org/ctl', files: [{ path: 'w.bin', size: BIG }] });
  forced = await hub.addRepo({ repoId: 'org/forced', files: [{ path: 'w.bin', size: BIG }] });
  await hub.addRepo({ repoId: 'org/early', files: [{ path: 'w.bin', size: BIG }] });
  mirror = await startMirror({ hub });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

const fileUrl = () => `${mirror.mirrorUrl}/org/ctl/resolve/main/w.bin`;
const apiUrl = (path: string) => mirror.mirrorUrl.replace(/\/hf$/, `/api${path}`);

async function post(path: string): Promise<{ status: number; body: { code?: string } & Partial<JobView> }> {
  const response = await fetch(apiUrl(path), { method: 'POST' });
  return { status: response.status, body: (await response.json()) as { code?: string } & Partial<JobView> };
}

function job(name = 'mirror: org/ctl/w.bin'): JobView {
  return mirror.server.jobs.list().find((view) => view.name === name)!;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function noClients(): Promise<boolean> {
  const stats = (await (await fetch(apiUrl('/mirror'))).json()) as { clients: unknown[] };
  return stats.clients.length === 0;
}

it('refuses to pause or cancel a pull while a client waits, and allows it once none does', async () => {
  const client = new AbortController();
  const reading = await fetch(fileUrl(), { signal: client.signal });
  expect(reading.status).toBe(200);
  await until(() => job()?.state === 'running');
  const id = job().id;

  for (const action of ['pause', 'cancel']) {
    const refused = await post(`/downloads/${id}/${action}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IN_USE');
  }

  // The client gives up: the pull is the user's to pause, and stays paused.
  client.abort();
  await until(noClients);
  const paused = await post(`/downloads/${id}/pause`);
  expect(paused.status, JSON.stringify(paused.body)).toBe(200);
  expect(paused.body.state).toBe('paused');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(job().state).toBe('paused');

  // A client asking again resumes it, and is served.
  const again = await fetch(fileUrl(), { headers: { range: 'bytes=0-999' } });
  expect(again.status).toBe(206);
  expect(Buffer.from(await again.arrayBuffer())).toEqual(repo.contentOf('w.bin').subarray(0, 1000));
  expect(['queued', 'running']).toContain(job().state);

  // Nobody waits: cancelled, then removed from the list.
  await until(noClients);
  const cancelled = await post(`/downloads/${id}/cancel`);
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  expect(cancelled.body.state).toBe('cancelled');
  const removed = await fetch(apiUrl(`/downloads/${id}`), { method: 'DELETE' });
  expect(removed.status).toBeLessThan(300);
}, 60_000);

it('pauses or cancels a pull a client reads with force=true: the client is cut, never handed a short file as whole', async () => {
  const url = `${mirror.mirrorUrl}/org/forced/resolve/main/w.bin`;
  const content = forced.contentOf('w.bin');
  const forcedJob = () => job('mirror: org/forced/w.bin');

  /** A client reading the file from `from` on, until some bytes came; its reading goes on in the background. */
  async function startReading(from: number) {
    const response = await fetch(url, from === 0 ? {} : { headers: { range: `bytes=${from}-` } });
    expect(response.status).toBe(from === 0 ? 200 : 206);
    const length = Number(response.headers.get('content-length'));
    const reader = response.body!.getReader();
    const read = readUntilCut(reader);
    await until(() => mirror.server.jobs.list().some((view) => view.name === 'mirror: org/forced/w.bin'));
    await until(() => forcedJob().downloaded > 0);
    return { length, read };
  }

  const first = await startReading(0);
  const id = forcedJob().id;
  expect((await post(`/downloads/${id}/pause`)).status).toBe(409);
  const paused = await post(`/downloads/${id}/pause?force=true`);
  expect(paused.status, JSON.stringify(paused.body)).toBe(200);
  expect(paused.body.state).toBe('paused');
  // The client's body is cut: fewer bytes than its Content-Length, and an error, never a normal end.
  const cut = await first.read;
  expect(cut.cut).toBe(true);
  expect(cut.bytes.length).toBeLessThan(first.length);
  expect(cut.bytes).toEqual(content.subarray(0, cut.bytes.length));
  // It is not resumed for the client let go.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(forcedJob().state).toBe('paused');
  expect(await noClients()).toBe(true);

  // The client resumes from where it was cut (the pull resumes for it), and is cut again by a forced cancel.
  const second = await startReading(cut.bytes.length);
  await until(() => forcedJob().state === 'running');
  expect((await post(`/downloads/${id}/cancel`)).status).toBe(409);
  const cancelled = await post(`/downloads/${id}/cancel?force=true`);
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  expect(cancelled.body.state).toBe('cancelled');
  const resumed = await second.read;
  expect(resumed.cut).toBe(true);
  expect(resumed.bytes.length).toBeLessThan(second.length);
  expect(resumed.bytes).toEqual(content.subarray(cut.bytes.length, cut.bytes.length + resumed.bytes.length));
}, 60_000);

it('answers a client let go before its status line a 503 that says the pull was stopped', async () => {
  // The file's last kilobyte: far behind the paced pull's first bytes, so the answer waits (up to 2 s) for it.
  const asking = fetch(`${mirror.mirrorUrl}/org/early/resolve/main/w.bin`, {
    headers: { range: `bytes=${BIG - 1000}-` },
  });
  const early = () => job('mirror: org/early/w.bin');
  // The request joins the pull as its client as soon as the pull exists, before its job is created: held.
  await until(() => early()?.state === 'running');
  const paused = await post(`/downloads/${early().id}/pause?force=true`);
  expect(paused.status, JSON.stringify(paused.body)).toBe(200);
  const answer = await asking;
  expect(answer.status).toBe(503);
  expect(answer.headers.get('x-error-message')).toMatch(/its pull was stopped on the mirror/);
  await answer.arrayBuffer();
  expect(early().state).toBe('paused');
}, 60_000);
