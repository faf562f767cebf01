/**
 * The upstream dies while clients wait on pulls (docs/mirror-offline.md). A client whose pull
 * has sent nothing yet (beside a download that holds the only slot; mirror pulls start at once, and before they
 * did this one waited in the queue, where no attempt of its own told the mirror) gets the cache's 503, not a status line and then a body that never comes; before, such clients got a
 * 500 (the body stream failed before its first chunk, headers unsent) or, once headers went out at once, a
 * 200 with nothing. That 503 says the pull runs with no byte yet and when to ask again (Retry-After). A client already reading a pull's body is cut where the bytes on disk end, logged as one
 * warning line: before, Fastify logged the stream's error with its stack. Loopback only.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

/** Above 16 MiB: before every mirror pull started at once, its pull waited in the queue. */
const QUEUED = 17 * 1024 * 1024;
const BIG = 24 * 1024 * 1024;
const PACED = { perStreamBytesPerSecond: { bytesPerSecond: 200_000 } };

let hub: TestHub | undefined;
let mirror: MirrorHarness | undefined;
let clients = new AbortController();

afterEach(async () => {
  clients.abort();
  clients = new AbortController();
  await mirror?.close();
  await hub?.close().catch(() => undefined);
});

/** A hub with `files` beside a config.json, and a mirror in front holding config.json (the commit is cached). */
async function mirrorOf(files: { path: string; size: number }[], logStream?: NodeJS.WritableStream) {
  hub = await startTestHub({ faults: PACED });
  const repo = await hub.addRepo({
    repoId: 'org/gone',
    files: [{ path: 'config.json', content: '{}' }, ...files],
  });
  mirror = await startMirror({ hub, ...(logStream ? { logStream } : {}) });
  await (await fetch(`${mirror.mirrorUrl}/org/gone/resolve/main/config.json`)).arrayBuffer();
  return { repo, mirror, url: (path: string) => `${mirror!.mirrorUrl}/org/gone/resolve/main/${path}` };
}

it('answers a client waiting on a pull with no byte yet the 503 when the upstream dies', async () => {
  const { mirror, url } = await mirrorOf([
    { path: 'big.bin', size: BIG },
    { path: 'queued.bin', size: QUEUED },
  ]);
  mirror.server.jobs.updateSettings({ maxParallel: 1 });
  // The user's own download holds the only slot: its failures are not the mirror's to hear.
  const own = await mirror.server.jobs.create({ repoId: 'org/gone', include: ['big.bin'] });
  while (mirror.server.jobs.get(own.job.id)?.state !== 'running') await new Promise((r) => setTimeout(r, 20));

  // No byte of queued.bin arrives before the upstream dies: its answers come 10 s late (the pull starts at once).
  hub!.setFaults({ ...PACED, latency: { ms: 10_000 } });
  const waiting = fetch(url('queued.bin'), { signal: clients.signal });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await hub!.close();
  const answer = await waiting;
  expectFirstBytesAwaited(answer);
  expect(await answer.json()).toEqual({ error: expect.stringMatching(/is being pulled, but no byte/) });
  // Asked again while the upstream is still gone and the pull still has nothing: the same, at once.
  const again = await fetch(url('queued.bin'), { signal: clients.signal });
  expectFirstBytesAwaited(again);
  await again.arrayBuffer();
}, 60_000);

/**
 * The 503 of a file whose pull runs and has no byte of it yet, the upstream gone: it says a pull is under way and none
 * of its bytes is here (not that the file is not in the mirror at all), and when to ask again, in whole seconds (a
 * Retry-After hubget and huggingface_hub honour), what is left of the mirror's 10 s without asking the upstream.
 * Before, it was the 503 of a file no pull has, "not in the mirror cache", without Retry-After.
 */
function expectFirstBytesAwaited(answer: Response): void {
  expect(answer.status).toBe(503);
  const message = answer.headers.get('x-error-message') ?? '';
  expect(message).toMatch(
    /^queued\.bin of org\/gone is being pulled, but no byte of it is in the mirror yet \(0 B of 17\.83 MB\) and the upstream Hub is unreachable: the pull keeps trying, retry in \d+ s$/,
  );
  const retryAfter = answer.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(10);
  expect(message.endsWith(`retry in ${retryAfter} s`)).toBe(true);
}

it('cuts a body being read when the upstream dies, with one warning line and no stack', async () => {
  const lines: string[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const { url } = await mirrorOf([{ path: 'w.bin', size: BIG }], logs);
  const reading = await fetch(url('w.bin'), { signal: clients.signal });
  expect(reading.status).toBe(200);
  const reader = reading.body!.getReader();
  let received = 0;
  while (received < 100_000) received += (await reader.read()).value?.length ?? 0;

  await hub!.close();
  await expect(
    (async () => {
      for (;;) if ((await reader.read()).done) return;
    })(),
  ).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
  expect(entries.filter((entry) => entry.level >= 50)).toEqual([]);
  expect(lines.filter((line) => line.includes('"stack"'))).toEqual([]);
  expect(entries.filter((entry) => entry.msg.startsWith('mirror: file body cut short'))).toHaveLength(1);
}, 60_000);
