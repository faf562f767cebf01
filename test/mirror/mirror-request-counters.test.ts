/**
 * The mirror's counters say what each file request got: a file it could not give (503: not in the cache and
 * the upstream unreachable, or a pull that failed before its first bytes) is `unavailable`, never a `miss`,
 * and does not lower the hit ratio. HEAD requests and 404s of files the commit lacks are not counted.
 * Loopback only: the unreachable upstream is a closed port on 127.0.0.1 (mirror-service-harness.ts).
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HubgetError } from '../../src/errors.js';
import type { MirrorReply } from '../../src/mirror/index.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({
    repoId: 'org/counted',
    files: [
      { path: 'config.json', content: '{"kept":true}' },
      { path: 'weights/model.bin', size: 100_000, lfs: true },
    ],
  });
}, 60_000);

afterAll(() => mirror?.close());

async function drained(reply: MirrorReply): Promise<MirrorReply> {
  if (reply.body instanceof Readable) await finished(reply.body.resume()).catch(() => undefined);
  return reply;
}

it('counts a 503 of a file the cache lacks while the upstream is unreachable as unavailable', async () => {
  // Online, one client fetches config.json twice: pulled through (miss), then from the cache (hit); the
  // mirror keeps the commit's listing and the file.
  for (let i = 0; i < 2; i += 1) {
    const fetched = await fetch(`${mirror.mirrorUrl}/org/counted/resolve/main/config.json`);
    expect(fetched.status).toBe(200);
    await fetched.arrayBuffer();
    await pullsSettled(mirror);
  }
  const online = (await (await fetch(`${mirror.server.url}/api/mirror`)).json()) as Record<string, unknown>;
  expect(online).toMatchObject({ requests: { hit: 1, miss: 1, partial: 0, unavailable: 0 }, hitRatio: 0.5 });
  const metrics = await (await fetch(`${mirror.server.url}/metrics`)).text();
  expect(metrics).toMatch(/^hubget_mirror_requests_total\{result="unavailable"\} 0$/m);

  const service = await serviceOver(mirror);
  const get = (path: string) => askService(service, `/org/counted/resolve/main/${path}`).then(drained);
  expect((await get('config.json')).status).toBe(200);
  expect((await get('weights/model.bin')).status).toBe(503);
  expect((await get('weights/model.bin')).status).toBe(503);
  const head = await askService(service, '/org/counted/resolve/main/weights/model.bin', { method: 'HEAD' });
  expect(head.status).toBe(503);
  expect((await get('generation_config.json')).status).toBe(404);

  expect(service.stats.snapshot()).toMatchObject({
    requests: { hit: 1, miss: 0, partial: 0, unavailable: 2 },
    hitRatio: 1,
  });
});

it('counts a pull that fails before its first bytes as unavailable, not as a miss', async () => {
  const service = await serviceOver(mirror, {
    hub: () => ({ endpoint: mirror.hub.url }),
    cacheDir: join(mirror.dir, 'failing-cache'),
    visibilityPath: join(mirror.dir, 'failing-data', 'mirror-repos.json'),
    listingsDir: join(mirror.dir, 'failing-data', 'mirror-listings'),
    fetcher: {
      fetch: () => Promise.reject(new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach the upstream')),
    },
  });
  const answer = await drained(await askService(service, '/org/counted/resolve/main/config.json'));
  expect(answer.status).toBe(503);
  expect(service.stats.snapshot().requests).toEqual({ hit: 0, miss: 0, partial: 0, unavailable: 1 });
});
