/**
 * A pull of this process tells the mirror what it does to its temp file, through the jobs service's
 * WrittenRanges, not through the resume map (its poll is set to an hour here):
 * - each range the job writes (the engine's onRangeWritten): a waiting client gets its bytes long before the
 *   file is in place;
 * - a file started over when the upstream object is replaced while it downloads (another strong ETag: the
 *   engine empties the temp file and writes it again from zero, transfer-file.ts), before it empties it (the
 *   engine's onTempRestart): readers of the first attempt are cut instead of being served the emptied file's
 *   zeros (in-flight-blob.ts). A client reading the whole file never ends normally with wrong bytes; the next
 *   one gets the file.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoFolderName } from '../../src/cache/repo-folder.js';
import type { DefaultJobService } from '../../src/jobs/index.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { sha256 } from '../support/transfer/transfer-harness.js';
import { askService, serviceOverJobs } from './mirror-service-harness.js';

const SIZE = 8 * 1024 * 1024;
/** The file whose upstream object is replaced while it is pulled. */
const REPLACED_SIZE = 4 * 1024 * 1024;
let hub: TestHub;
let dir: string;
/** One jobs service per test (each over its own data dir). */
const services: DefaultJobService[] = [];
let repo: TestRepo;
let replaced: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/ranges', files: [{ path: 'big.bin', size: SIZE }] });
  replaced = await hub.addRepo({
    repoId: 'org/replaced',
    files: [{ path: 'big.bin', size: REPLACED_SIZE, lfs: true }],
  });
  dir = await mkdtemp(join(tmpdir(), 'hubget-written-ranges-'));
}, 30_000);

afterAll(async () => {
  for (const jobs of services) await jobs.shutdown();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

it('serves a waiting client the bytes the job writes without a resume-map poll', async () => {
  // Several seconds for the whole file: the first bytes are on disk long before it is in place.
  hub.setFaults({ perStreamBytesPerSecond: { path: 'org/ranges/big.bin', bytesPerSecond: 256 * 1024 } });
  const started = await serviceOverJobs(join(dir, 'ranges'), hub.url);
  services.push(started.jobs);
  const { mirror, cacheDir } = started;

  const reply = await askService(mirror, '/org/ranges/resolve/main/big.bin', {
    range: 'bytes=0-65535',
  });
  expect(reply.status).toBe(206);
  let received = 0;
  for await (const chunk of reply.body as Readable) received += (chunk as Buffer).length;
  expect(received).toBe(65_536);
  const blob = join(cacheDir, repoFolderName({ repoId: 'org/ranges', repoType: 'model' }), 'blobs');
  // The range came from the temp file: the verified blob is not in place yet.
  await expect(stat(join(blob, repo.files[0]!.sha256))).rejects.toThrow();
}, 60_000);

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
  const started = await serviceOverJobs(join(dir, 'restarted'), hub.url);
  services.push(started.jobs);
  const { mirror, writtenRanges } = started;
  const restarts: string[] = [];
  writtenRanges.observeRestarts((tempPath) => restarts.push(tempPath));
  // The first CDN body carries another ETag than the rest: the engine sees the object replaced and starts over.
  hub.setFaults({
    newEtag: { path: 'org/replaced/big.bin', times: 1 },
    perStreamBytesPerSecond: { path: 'org/replaced/big.bin', bytesPerSecond: 1024 * 1024 },
  });

  const first = await askService(mirror, '/org/replaced/resolve/main/big.bin');
  expect(first.status).toBe(200);
  const got = await readAll(first.body as Readable);
  const expected = replaced.files[0]!.sha256;
  // Cut short, or (read only after the restart) the file itself: never complete with other bytes.
  if (got.error === undefined) expect(sha256(got.bytes)).toBe(expected);
  else expect(got.bytes.length).toBeLessThan(REPLACED_SIZE);
  // The restart went from the engine through the jobs service to the mirror.
  expect(restarts).toHaveLength(1);
  expect(restarts[0]).toContain(`${expected}.`);

  hub.setFaults({ newEtag: undefined, perStreamBytesPerSecond: undefined });
  const again = await askService(mirror, '/org/replaced/resolve/main/big.bin');
  const whole = await readAll(again.body as Readable);
  expect(whole.error).toBeUndefined();
  expect(sha256(whole.bytes)).toBe(expected);
}, 60_000);
