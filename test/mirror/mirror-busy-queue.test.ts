/**
 * A mirror whose download slots are taken by big pulls (docs/mirror.md, "Limits"): before, a client waiting on a
 * small file got no status line at all (config.json's pull job sat queued behind two 200 MB pulls, and Fastify
 * writes a stream's headers only with its first chunk), and neither did a client waiting on a queued pull or on
 * a range far into a file being pulled, past FIRST_BYTES_WAIT_MS: huggingface_hub's read timeout (10 s) failed
 * a from_pretrained through a busy mirror. Then a big file's pull still waited in the queue: its client got the
 * status at 2 s and no byte until a slot was free, and huggingface_hub gave up at 10 s all the same. Now every
 * mirror pull starts at once, outside `maxParallel`, and a reply's headers go out when its status is decided.
 * The test hub paces each connection; loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const BIG = 24 * 1024 * 1024;
/** 8 connections a file at this pace: a big pull takes tens of seconds. */
const PACED = { perStreamBytesPerSecond: { bytesPerSecond: 100_000 } };

let hub: TestHub;
let repo: TestRepo;
let mirror: MirrorHarness;
const clients = new AbortController();

beforeAll(async () => {
  hub = await startTestHub({ faults: PACED });
  repo = await hub.addRepo({
    repoId: 'org/busy',
    files: [
      { path: 'config.json', content: '{"model_type": "test"}' },
      { path: 'a.bin', size: BIG },
      { path: 'b.bin', size: BIG },
      { path: 'c.bin', size: BIG },
      { path: 'd.bin', size: BIG },
      { path: 'e.bin', size: BIG },
    ],
  });
  mirror = await startMirror({ hub });
  mirror.server.jobs.updateSettings({ maxParallel: 1 });
}, 60_000);

afterAll(async () => {
  clients.abort();
  await mirror?.close();
  await hub?.close();
});

const fileUrl = (path: string) => `${mirror.mirrorUrl}/org/busy/resolve/main/${path}`;

function jobOf(path: string): JobView | undefined {
  return mirror.server.jobs.list().find((job) => job.name === `mirror: org/busy/${path}`);
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

it('starts every pull a client waits on at once, and gives a status line to a range not pulled yet', async () => {
  // One slot, three big files asked at once: every pull runs and every client gets bytes, none waits in the queue.
  const answers = await Promise.all(
    ['a.bin', 'b.bin', 'c.bin'].map((path) => fetch(fileUrl(path), { signal: clients.signal })),
  );
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe(String(BIG));
  }
  for (const path of ['a.bin', 'b.bin', 'c.bin']) expect(jobOf(path)?.state).toBe('running');
  const firsts = await Promise.all(
    answers.map(async (answer) => (await answer.body!.getReader().read()).value),
  );
  for (const [index, first] of firsts.entries()) {
    expect(first?.length).toBeGreaterThan(0);
    expect(Buffer.from(first!)).toEqual(
      repo.contentOf(['a.bin', 'b.bin', 'c.bin'][index]!).subarray(0, first!.length),
    );
  }
  // Each client got its bytes while all three pulls remain (paced: none is done yet).
  for (const path of ['a.bin', 'b.bin', 'c.bin']) expect(jobOf(path)?.state).toBe('running');

  // A range at a.bin's end, which its pull has not written yet: the status comes before the bytes.
  const far = await fetch(fileUrl('a.bin'), {
    headers: { range: `bytes=${BIG - 1000}-${BIG - 2}` },
    signal: clients.signal,
  });
  expect(far.status).toBe(206);
  expect(jobOf('a.bin')?.state).toBe('running');

  // config.json does not wait behind them: its pull starts at once, and its body arrives while they remain.
  const config = await fetch(fileUrl('config.json'), { signal: clients.signal });
  expect(config.status).toBe(200);
  expect(Buffer.from(await config.arrayBuffer())).toEqual(repo.contentOf('config.json'));
  expect(jobOf('a.bin')?.state).toBe('running');
}, 120_000);

it('starts a paused pull at once when a client asks for its file again, though the slot is taken', async () => {
  // The only slot is taken: by the user's own download, or by the pulls of the test before (then it queues).
  await mirror.server.jobs.create({ repoId: 'org/busy', include: ['d.bin'] });
  // A client's pull of e.bin, paused once its client went (a server restart leaves it paused too).
  const reader = new AbortController();
  const first = await fetch(fileUrl('e.bin'), { signal: reader.signal });
  expect(first.status).toBe(200);
  await first.body!.getReader().read();
  reader.abort();
  await until(() => jobOf('e.bin')?.state === 'running');
  let paused = false;
  while (!paused) {
    paused = await mirror.server.jobs
      .pause(jobOf('e.bin')!.id)
      .then(() => true)
      .catch(() => false);
    if (!paused) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Asked again: resumed, and run at once though the user's download holds the only slot.
  const again = await fetch(fileUrl('e.bin'), { signal: clients.signal });
  expect(again.status).toBe(200);
  expect((await again.body!.getReader().read()).value?.length).toBeGreaterThan(0);
  expect(jobOf('e.bin')?.state).toBe('running');
  const others = mirror.server.jobs
    .list()
    .filter((job) => job.state === 'running' && job.id !== jobOf('e.bin')?.id);
  expect(others.length).toBeGreaterThanOrEqual(1);
}, 120_000);
