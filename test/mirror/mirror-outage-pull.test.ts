/**
 * The upstream goes away in the middle of a pull and comes back on the same address (docs/mirror-offline.md):
 * the client reading the pull's body is cut at once (it asks again and gets the
 * cache's answer), and the pull's job rides the outage out like any server job, so the file ends in the cache
 * without another client asking. Before, a mirror's jobs gave up after five quick tries (≈ 2–7 s of outage)
 * and stayed failed; so did the operator's own downloads on a mirror server. The pull jobs run the server's
 * real retry policy here (no test policy): the upstream stays down 10 s, longer than five quick tries last.
 * Loopback only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepoSpec } from '../hub/test-hub.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const SPEC: TestRepoSpec = { repoId: 'org/outage', files: [{ path: 'w.bin', size: 16 * 1024 * 1024 }] };
const SLOW = { globalBytesPerSecond: 2_000_000 };
const OUTAGE_MS = 10_000;

let hub: TestHub;
let mirror: MirrorHarness | undefined;

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

const port = (url: string) => Number(new URL(url).port);

it('cuts the client at once and caches the file when the upstream returns', async () => {
  hub = await startTestHub({ faults: SLOW });
  const repo = await hub.addRepo(SPEC);
  mirror = await startMirror({ hub });
  const { url, cdnUrl } = hub;

  const response = await fetch(`${mirror.mirrorUrl}/org/outage/resolve/main/w.bin`);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let received = 0;
  while (received < 1_000_000) received += (await reader.read()).value?.length ?? 0;

  await hub.close();
  const closedAt = Date.now();
  await expect(
    (async () => {
      for (;;) if ((await reader.read()).done) return;
    })(),
  ).rejects.toThrow();
  expect(Date.now() - closedAt).toBeLessThan(5000);

  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - closedAt)));
  hub = await startTestHub({ port: port(url), cdnPort: port(cdnUrl) });
  expect((await hub.addRepo(SPEC)).commit).toBe(repo.commit);

  await pullsSettled(mirror, 30_000);
  const jobs = mirror.server.jobs.list();
  expect(jobs.map((job) => job.state)).toEqual(['completed']);
  const blob = join(mirror.cacheDir, 'models--org--outage', 'blobs', repo.files[0]!.sha256);
  expect(
    createHash('sha256')
      .update(await readFile(blob))
      .digest('hex'),
  ).toBe(repo.files[0]!.sha256);
}, 60_000);
