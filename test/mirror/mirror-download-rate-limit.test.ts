/**
 * A `429` the upstream answers to one of the server's own downloads (not a mirror pull) starts the mirror's remembered
 * wait too (docs/mirror.md, "Pull-through, once"; src/hub/rate-limit-windows.ts): the download asks the same
 * upstream with the same token as the mirror's pulls, and the Hub counts those requests against the same quota
 * (docs/hub-protocol.md §1.8). Until the wait is over, a mirror file request that would start a pull is answered
 * `429` with what is left of it, and the upstream is not asked. Before, only the mirror's own pulls and calls fed
 * the wait: the next mirror pull asked the upstream during it. And the server's own downloads wait it out: a download
 * asked during the wait (POST /api/downloads) sends no file request upstream before it is over, its job saying the
 * wait as a retry, and then downloads the file; and its listing waits out a wait of the api bucket the same way.
 * Before, it asked the upstream at once, whatever the wait. The mirror's waits are the process's (src/server/serve.ts,
 * processRateLimits): a wait its own call started holds a download's listing, no failure. Loopback only.
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
      { path: 'later.bin', size: 64 * 1024 },
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

it('makes a download asked during the wait wait it out: no file request upstream before, then the file', async () => {
  hub.clearRequests();
  const created = await fetch(mirror.mirrorUrl.replace(/\/hf$/, '/api/downloads'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId: 'org/shared', include: ['later.bin'] }),
  });
  expect(created.status).toBeLessThan(300);
  const job = (await created.json()) as JobView;
  const view = (): JobView | undefined => mirror.server.jobs.get(job.id);
  // Its file request waits: the job says the wait as a retry, with what is left of it.
  await until(() => view()?.retrying != null || view()?.state === 'completed');
  expect(view()?.state).toBe('running');
  expect(view()?.retrying?.message).toMatch(/rate-limited/);
  // The wait, what is left of it, said apart (JobView.waits), counted down there.
  expect(view()?.waits).toEqual([expect.objectContaining({ path: 'later.bin', status: 429 })]);
  expect(view()?.waits[0]?.leftMs).toBeGreaterThan(0);
  const fileRequests = () =>
    hub.requests.filter((request) => request.path.includes('later.bin') || request.file === 'later.bin');
  expect(fileRequests()).toEqual([]);
  // The upstream takes requests again once the wait is over (no new 429 then): the download goes on and ends.
  hub.resetFaults();
  await until(() => view()?.state === 'completed' || view()?.state === 'failed');
  expect(view()?.state).toBe('completed');
  expect(fileRequests().every((request) => request.status < 400)).toBe(true);
}, 90_000);

it("makes a download's listing wait out the api bucket's wait: no Hub call upstream during it", async () => {
  // The mirror's own revision call is rate-limited (a tag it never resolved): the api wait of its token starts.
  hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30, times: 1 } });
  const tag = await fetch(`${mirror.mirrorUrl}/org/shared/resolve/v9/mirrored.bin`, {
    signal: AbortSignal.timeout(20_000),
  });
  await tag.arrayBuffer();
  expectWaitLeft(tag);
  hub.clearRequests();
  // A download of the server's own (same upstream, same token): its listing waits, said as its retry.
  const { job } = await mirror.server.jobs.create({ repoId: 'org/shared', include: ['mirrored.bin'] });
  const view = (): JobView | undefined => mirror.server.jobs.get(job.id);
  await until(() => view()?.retrying != null || view()?.state !== 'running');
  expect(view()?.state).toBe('running');
  expect(view()?.retrying?.message).toMatch(/rate-limited/);
  // Held by the process's record of the wait (one for the mirror's calls and the downloads'): no try failed, none of
  // the retry budget spent. Before, the mirror kept a record of its own, refused the call and counted a failure.
  expect(view()?.retrying).toMatchObject({ attempt: 0 });
  expect(view()?.waits).toEqual([expect.objectContaining({ path: '', status: 429 })]);
  expect(hub.requests).toEqual([]);
}, 60_000);
