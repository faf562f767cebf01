/**
 * A pull whose upstream object is replaced while it downloads (another strong ETag: the engine empties the
 * temp file and writes it again from zero, transfer-file.ts) tells the mirror before it empties the file: the
 * engine's onTempRestart goes through the jobs service's WrittenRanges to the blob being pulled, whose
 * readers of the first attempt are cut instead of being served the emptied file's zeros (in-flight-blob.ts).
 * A client reading the whole file never ends normally with wrong bytes; the next one gets the file.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DefaultJobService } from '../../src/jobs/index.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { askService, serviceOverJobs } from './mirror-service-harness.js';

const SIZE = 4 * 1024 * 1024;
let hub: TestHub;
let dir: string;
let jobs: DefaultJobService;
let repo: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/replaced', files: [{ path: 'big.bin', size: SIZE, lfs: true }] });
  dir = await mkdtemp(join(tmpdir(), 'hubget-restarted-pull-'));
}, 30_000);

afterAll(async () => {
  await jobs?.shutdown();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The whole body, or how far it got before the mirror cut it. */
async function readAll(body: Readable): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

it('tells the mirror when the engine starts a pulled file over, and never serves it whole and wrong', async () => {
  const started = await serviceOverJobs(dir, hub.url);
  jobs = started.jobs;
  const { mirror, writtenRanges } = started;
  const restarts: string[] = [];
  writtenRanges.observeRestarts((tempPath) => restarts.push(tempPath));
  // The first CDN body carries another ETag than the rest: the engine sees the object replaced and starts over.
  hub.setFaults({
    newEtag: { path: 'big.bin', times: 1 },
    perStreamBytesPerSecond: { path: 'big.bin', bytesPerSecond: 1024 * 1024 },
  });

  const first = await askService(mirror, '/org/replaced/resolve/main/big.bin');
  expect(first.status).toBe(200);
  const got = await readAll(first.body as Readable);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const expected = repo.files[0]!.sha256;
  // Cut short, or (read only after the restart) the file itself: never complete with other bytes.
  if (got.error === undefined) expect(sha(got.bytes)).toBe(expected);
  else expect(got.bytes.length).toBeLessThan(SIZE);
  // The restart went from the engine through the jobs service to the mirror.
  expect(restarts).toHaveLength(1);
  expect(restarts[0]).toContain(`${expected}.`);

  hub.setFaults({ newEtag: undefined, perStreamBytesPerSecond: undefined });
  const again = await askService(mirror, '/org/replaced/resolve/main/big.bin');
  const whole = await readAll(again.body as Readable);
  expect(whole.error).toBeUndefined();
  expect(sha(whole.bytes)).toBe(expected);
}, 60_000);
