/**
 * A request that joins a pull's job already running (one this process did not start: an operator resumed it,
 * mirror-offline-resumed-pull.test.ts; made here directly, with the pull's own key) learns of the job's failed tries
 * whenever they fall (docs/mirror-offline.md): one before the join (the job waits out a `503` with Retry-After: its
 * JobView.waits), and one between the join and the moment the request would hear the job's tries (the `429` injected
 * here right after `jobs.create` returned, the job's request held by the test hub until then). Its status is then the
 * upstream's failure (a `503` with Retry-After, the `429`), not a `200` and a body that stalls while the job waits.
 * Before, the request heard only the tries after `jobs.create` had returned: both got a `200` and no byte. The test
 * hub holds and answers on the test's word (its `hold` and `status` faults): no timing. Loopback only.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { mirrorPullName } from '../../src/mirror-pull.js';
import type { TestRepo } from '../hub/test-hub.js';
import { until } from './kept-paused-pull.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';

const REPO = 'org/joined';
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  mirror = await startMirror({ token: 'hf_test' });
  repo = await mirror.hub.addRepo({
    repoId: REPO,
    files: [
      { path: 'before.bin', size: 1024 * 1024 },
      { path: 'between.bin', size: 1024 * 1024 },
    ],
  });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
});

/** The pull's job of `path`, made as the mirror makes it (same key: the file, pinned to the commit), not by it. */
async function pullJobOf(path: string): Promise<string> {
  const { job } = await mirror.server.jobs.create(
    { repoId: REPO, revision: repo.commit, include: [path], name: mirrorPullName(REPO, path) },
    { startNow: true },
  );
  return job.id;
}

/** Whether job `id` waits for the Hub after an answer `status` (JobView.waits). */
const waitsAfter = (id: string, status: number) =>
  mirror.server.jobs.get(id)?.waits.some((wait) => wait.status === status) === true;

/** The mirror's answer to a GET of `path`: its status and headers; its body, if any, is not waited for. */
async function ask(path: string): Promise<Response> {
  const response = await fetch(`${mirror.mirrorUrl}/${REPO}/resolve/main/${path}`, {
    signal: AbortSignal.timeout(20_000),
  });
  await response.body?.cancel();
  return response;
}

it('answers a request that joins a job waiting out a 503 with that 503, not a 200 that stalls', async () => {
  mirror.hub.setFaults({ status: { status: 503, on: 'resolve', path: 'before.bin', retryAfterSeconds: 30 } });
  const id = await pullJobOf('before.bin');
  await until(() => waitsAfter(id, 503));

  const answer = await ask('before.bin');
  expect(answer.status).toBe(503);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(31);
  expect(answer.headers.get('x-error-message')).toMatch(
    /^before\.bin of org\/joined is not in the mirror cache and the upstream Hub fails to send it \(Server answered 503 for bytes=0-.*\); the mirror keeps trying: retry in \d+ s$/,
  );
  await mirror.server.jobs.cancel(id);
}, 30_000);

it("answers a request that joins a job waiting out a 503's backoff as one that heard the 503: no wait the upstream asked", async () => {
  // A mirror of its own, whose pulls back off a whole minute after a 5xx (the policy's wait, not the upstream's).
  const own = await startMirror({
    token: 'hf_test',
    retryPolicy: { baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 },
  });
  try {
    const ownRepo = await own.hub.addRepo({
      repoId: REPO,
      files: [{ path: 'backoff.bin', size: 1024 * 1024 }],
    });
    own.hub.setFaults({ status: { status: 503, on: 'cdn', path: 'backoff.bin' } });
    const { job } = await own.server.jobs.create(
      {
        repoId: REPO,
        revision: ownRepo.commit,
        include: ['backoff.bin'],
        name: mirrorPullName(REPO, 'backoff.bin'),
      },
      { startNow: true },
    );
    await until(() => own.server.jobs.get(job.id)?.waits.some((wait) => wait.status === 503) === true);

    const answer = await fetch(`${own.mirrorUrl}/${REPO}/resolve/main/backoff.bin`, {
      signal: AbortSignal.timeout(20_000),
    });
    await answer.body?.cancel();
    // The wait's cause as the engine reported it: the 503 asked for no wait, so the client is told the mirror's 10 s
    // and "retry later", as a request that heard the 503 itself is (before, the job's minute of backoff was taken for
    // a wait the upstream asked: Retry-After 58, "retry in 58 s").
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('10');
    expect(answer.headers.get('x-error-message')).toMatch(
      /^backoff\.bin of org\/joined is not in the mirror cache and the upstream Hub fails to send it \(Server answered 503 for bytes=0-\d+: Injected HTTP 503\); the mirror keeps trying: retry later$/,
    );
    await own.server.jobs.cancel(job.id);
  } finally {
    await own.close();
  }
}, 30_000);

it('answers a request that joins a job whose 429 falls right after the join with that 429', async () => {
  mirror.hub.setFaults({ status: undefined, hold: { path: 'between.bin' } });
  const id = await pullJobOf('between.bin');
  await until(() => mirror.hub.requests.some((entry) => entry.file === 'between.bin' && entry.status === 0));
  // The mirror joins the job; as soon as jobs.create returned, the held request is answered 429.
  const create = mirror.server.jobs.create.bind(mirror.server.jobs);
  const joins = vi.spyOn(mirror.server.jobs, 'create').mockImplementationOnce(async (...args) => {
    const created = await create(...args);
    mirror.hub.setFaults({
      status: { status: 429, on: 'resolve', path: 'between.bin', retryAfterSeconds: 30 },
      hold: undefined,
    });
    await until(() => waitsAfter(id, 429));
    return created;
  });

  const answer = await ask('between.bin');
  expect(joins).toHaveBeenCalledTimes(1);
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(31);
  joins.mockRestore();
  await mirror.server.jobs.cancel(id);
}, 30_000);

it("cuts a body being read when the pull's next try is answered 429 with a long wait, instead of stalling it", async () => {
  // A mirror of its own: the 429 above started the mirror's remembered wait, which refuses a new pull.
  const own = await startMirror({ token: 'hf_test' });
  try {
    const { contentOf } = await own.hub.addRepo({
      repoId: REPO,
      files: [{ path: 'during.bin', size: 1024 * 1024 }],
    });
    // The pull's stream is paced and dropped after 128 KiB; its next try, once the client reads, is answered 429 (30 s).
    own.hub.setFaults({
      perStreamBytesPerSecond: { bytesPerSecond: 50_000, path: 'during.bin' },
      dropAfterBytes: { bytes: 128 * 1024, path: 'during.bin', times: 1 },
    });
    const response = await fetch(`${own.mirrorUrl}/${REPO}/resolve/main/during.bin`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    own.hub.setFaults({ status: { status: 429, path: 'during.bin', retryAfterSeconds: 30 } });

    const rest = await readUntilCut(reader);
    // Cut while the job waits out the 429 (before, the body stalled for the wait, and again at each 429 after it).
    const job = own.server.jobs.list().find((view) => view.name === mirrorPullName(REPO, 'during.bin'))!;
    expect(own.server.jobs.get(job.id)?.waits.some((wait) => wait.status === 429)).toBe(true);
    expect(rest.cut).toBe(true);
    const got = Buffer.concat([Buffer.from(first.value!), rest.bytes]);
    expect(got.length).toBeLessThan(1024 * 1024);
    expect(got.equals(contentOf('during.bin').subarray(0, got.length))).toBe(true);
    await own.server.jobs.cancel(job.id);
  } finally {
    await own.close();
  }
}, 30_000);
