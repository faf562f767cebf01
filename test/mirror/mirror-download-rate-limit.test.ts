/**
 * A `429` the upstream answers to one of the server's own downloads (not a mirror pull) starts the mirror's remembered
 * wait too (docs/mirror.md, "Pull-through, once"; src/mirror/rate-limit-windows.ts): the download asks the same
 * upstream with the same token as the mirror's pulls, and the Hub counts those requests against the same quota
 * (docs/hub-protocol.md §1.8). Until the wait is over, a mirror file request that would start a pull is answered
 * `429` with what is left of it, and the upstream is not asked. Before, only the mirror's own pulls and calls fed
 * the wait: the next mirror pull asked the upstream during it. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { expectWaitLeft } from './wait-left.js';

let hub: TestHub;
let mirror: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub({ token: ['hf_mirror_token'] });
  await hub.addRepo({
    repoId: 'org/shared',
    files: [
      { path: 'user.bin', size: 64 * 1024 },
      { path: 'mirrored.bin', size: 64 * 1024 },
    ],
  });
  mirror = await startMirror({ hub, token: 'hf_mirror_token' });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

it("remembers the wait of a 429 to the server's own download: a mirror pull is refused, the upstream not asked", async () => {
  hub.setFaults({
    status: { status: 429, on: 'resolve', retryAfterSeconds: 30, path: 'org/shared/user.bin' },
  });
  // A download of the user's (a job of the server's, not a mirror pull) is refused upstream; its job will wait 31 s.
  const { job } = await mirror.server.jobs.create({ repoId: 'org/shared', include: ['user.bin'] });
  const view = (): JobView | undefined => mirror.server.jobs.get(job.id);
  await until(() => view()?.retrying != null);
  expect(hub.requests.some((request) => request.path.includes('user.bin') && request.status === 429)).toBe(
    true,
  );

  // A mirror client asks for another file of the same upstream: no pull starts, the mirror answers the 429.
  hub.clearRequests();
  const jobsBefore = mirror.server.jobs.list().length;
  const answer = await fetch(`${mirror.mirrorUrl}/org/shared/resolve/main/mirrored.bin`, {
    signal: AbortSignal.timeout(20_000),
  });
  await answer.arrayBuffer();
  expectWaitLeft(answer);
  expect(mirror.server.jobs.list().length).toBe(jobsBefore);
  expect(hub.requests.filter((request) => request.path.includes('/resolve/'))).toEqual([]);
}, 60_000);
