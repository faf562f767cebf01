/**
 * A pull paused anyway (`force=true`) stays in flight, so a client asking for its file again joins and resumes it
 * (docs/mirror.md, "Pull-through, once"); but while the upstream's remembered `429` wait for the mirror's own file
 * requests lasts (src/mirror/rate-limit-windows.ts), resuming it would ask the upstream again: the client gets the
 * remembered `429` instead, as for a new pull, and the job stays paused. A paused pull is not counted among the
 * files being pulled now (`activePulls`). Before, the request resumed the job, which asked the upstream, and the
 * paused pull counted as being pulled. The test hub paces each connection; loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';

const BIG = 8 * 1024 * 1024;

let hub: TestHub;
let mirror: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub({
    token: ['hf_mirror_token'],
    faults: { perStreamBytesPerSecond: { bytesPerSecond: 100_000 } },
  });
  await hub.addRepo({
    repoId: 'org/paused',
    files: [
      { path: 'big.bin', size: BIG },
      { path: 'other.bin', size: 64 * 1024 },
    ],
  });
  mirror = await startMirror({ hub, token: 'hf_mirror_token' });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

const fileUrl = (path: string) => `${mirror.mirrorUrl}/org/paused/resolve/main/${path}`;
const apiUrl = (path: string) => mirror.mirrorUrl.replace(/\/hf$/, `/api${path}`);
const bigJob = (): JobView | undefined =>
  mirror.server.jobs.list().find((view) => view.name === 'mirror: org/paused/big.bin');

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function activePulls(): Promise<number> {
  return ((await (await fetch(apiUrl('/mirror'))).json()) as { activePulls: number }).activePulls;
}

it('answers the remembered 429 for a force-paused pull during the wait, without resuming it', async () => {
  // A client reads big.bin; the operator pauses its pull anyway: the client is cut, the job stays paused.
  const reading = await fetch(fileUrl('big.bin'));
  expect(reading.status).toBe(200);
  const read = readUntilCut(reading.body!.getReader());
  await until(() => (bigJob()?.downloaded ?? 0) > 0);
  const id = bigJob()!.id;
  const paused = await fetch(apiUrl(`/downloads/${id}/pause?force=true`), { method: 'POST' });
  expect(paused.status).toBe(200);
  expect((await read).cut).toBe(true);
  await until(() => bigJob()?.state === 'paused');
  // Paused, it is not being pulled (it was counted before).
  expect(await activePulls()).toBe(0);

  // The upstream rate-limits the pull of another file: the wait of the mirror's own file requests starts.
  hub.setFaults({
    status: { status: 429, on: 'resolve', retryAfterSeconds: 30, path: 'org/paused/other.bin' },
  });
  const other = await fetch(fileUrl('other.bin'), { signal: AbortSignal.timeout(20_000) });
  await other.arrayBuffer();
  expect(other.status).toBe(429);

  // Asking for big.bin again does not resume its pull: the upstream is not asked, the client gets the 429.
  hub.clearRequests();
  const again = await fetch(fileUrl('big.bin'), {
    headers: { range: 'bytes=0-999' },
    signal: AbortSignal.timeout(20_000),
  });
  await again.arrayBuffer();
  expect(again.status).toBe(429);
  const seconds = Number(again.headers.get('retry-after'));
  expect(seconds).toBeGreaterThan(20);
  expect(seconds).toBeLessThanOrEqual(31);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(bigJob()?.state).toBe('paused');
  expect(hub.requests).toEqual([]);
}, 60_000);
