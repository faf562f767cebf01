/**
 * A mirror whose download slots are taken by big pulls (docs/mirror.md, "Limits"): before, a client waiting on a
 * small file got no status line at all (config.json's pull job sat queued behind two 200 MB pulls, and Fastify
 * writes a stream's headers only with its first chunk), and neither did a client waiting on a queued pull or on
 * a range far into a file being pulled, past FIRST_BYTES_WAIT_MS: huggingface_hub's read timeout (10 s) failed
 * a from_pretrained through a busy mirror. Now a small file's pull starts at once, outside `maxParallel`, and a
 * reply's headers go out when its status is decided. The test hub paces each connection; loopback only.
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

it('gives a status line to clients of queued and slow pulls, and a small file at once', async () => {
  // The only slot: a.bin's pull. b.bin's waits in the queue, and its client with it.
  const a = await fetch(fileUrl('a.bin'), { signal: clients.signal });
  expect(a.status).toBe(200);
  await until(() => jobOf('a.bin')?.state === 'running');

  const b = await fetch(fileUrl('b.bin'), { signal: clients.signal });
  // The status went out with no byte of b.bin there: its job is still queued.
  expect(b.status).toBe(200);
  expect(b.headers.get('content-length')).toBe(String(BIG));
  expect(jobOf('b.bin')?.state).toBe('queued');

  // A range at a.bin's end, which its pull has not written yet: the status comes before the bytes.
  const far = await fetch(fileUrl('a.bin'), {
    headers: { range: `bytes=${BIG - 1000}-${BIG - 2}` },
    signal: clients.signal,
  });
  expect(far.status).toBe(206);
  expect(jobOf('a.bin')?.state).toBe('running');

  // config.json does not wait behind them: its pull starts at once, and its body arrives while both remain.
  const config = await fetch(fileUrl('config.json'), { signal: clients.signal });
  expect(config.status).toBe(200);
  expect(Buffer.from(await config.arrayBuffer())).toEqual(repo.contentOf('config.json'));
  expect(jobOf('a.bin')?.state).toBe('running');
  expect(jobOf('b.bin')?.state).toBe('queued');
}, 120_000);
