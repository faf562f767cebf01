/**
 * A client waiting on a blob the mirror pulls in this process gets its bytes as the download job writes
 * them (the engine's onRangeWritten through the jobs service's WrittenRanges), not at the next read of
 * the resume map: with the map poll set to an hour, the first bytes still come long before the file is in
 * place.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoFolderName } from '../../src/cache/repo-folder.js';
import type { DefaultJobService } from '../../src/jobs/index.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { askService, serviceOverJobs } from './mirror-service-harness.js';

const SIZE = 8 * 1024 * 1024;
let hub: TestHub;
let dir: string;
let jobs: DefaultJobService;
let repo: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/ranges', files: [{ path: 'big.bin', size: SIZE }] });
  // Several seconds for the whole file: the first bytes are on disk long before it is in place.
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 256 * 1024 } });
  dir = await mkdtemp(join(tmpdir(), 'hubget-written-ranges-'));
}, 30_000);

afterAll(async () => {
  await jobs?.shutdown();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

it('serves a waiting client the bytes the job writes without a resume-map poll', async () => {
  const started = await serviceOverJobs(dir, hub.url);
  jobs = started.jobs;
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
