/**
 * The mirror's counts survive a restart (docs/mirror.md, counters): what /api/mirror said before the server
 * stopped, it says after it started again over the same data dir, and counts on from there. Before, a restart
 * began every count from zero. The Prometheus counters still count since the start. Loopback only.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MirrorStatusView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { API_TOKEN, type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const SIZE = 300_000;
let hub: TestHub;
let dir: string;
let restarted: MirrorHarness | undefined;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/kept', files: [{ path: 'w.bin', size: SIZE, lfs: true }] });
}, 60_000);

afterAll(async () => {
  await restarted?.close();
  await hub?.close();
  // A mirror started over a folder leaves it in place.
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function status(mirror: MirrorHarness): Promise<MirrorStatusView> {
  const response = await fetch(`${mirror.server.url}/api/mirror`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  return (await response.json()) as MirrorStatusView;
}

it('keeps requests, bytes served, from the cache and upstream across a restart, and counts on from there', async () => {
  const first = await startMirror({ hub });
  dir = first.dir;
  const url = (mirror: MirrorHarness) => `${mirror.mirrorUrl}/org/kept/resolve/main/w.bin`;
  expect((await (await fetch(url(first))).arrayBuffer()).byteLength).toBe(SIZE);
  await pullsSettled(first);
  expect((await (await fetch(url(first))).arrayBuffer()).byteLength).toBe(SIZE);
  const before = await status(first);
  expect(before).toMatchObject({ bytesServed: 2 * SIZE, bytesFromCache: SIZE, bytesUpstream: SIZE });
  expect(before.requests).toMatchObject({ hit: 1 });
  await first.server.close();

  restarted = await startMirror({ hub, dir });
  const after = await status(restarted);
  expect(after).toMatchObject({
    requests: before.requests,
    bytesServed: before.bytesServed,
    bytesFromCache: before.bytesFromCache,
    bytesUpstream: before.bytesUpstream,
    hitRatio: 0.5,
  });
  // Prometheus counters count since the start, as counters do (a kept total set back by a crash would read as
  // a reset, and its whole value as an increase).
  const served = async () =>
    (await (await fetch(`${restarted!.server.url}/metrics`)).text()).match(
      /^hubget_mirror_served_bytes_total (\d+)$/m,
    )?.[1];
  expect(await served()).toBe('0');

  expect((await (await fetch(url(restarted))).arrayBuffer()).byteLength).toBe(SIZE);
  expect(await status(restarted)).toMatchObject({
    bytesServed: 3 * SIZE,
    bytesFromCache: 2 * SIZE,
    requests: { hit: (before.requests?.hit ?? 0) + 1 },
  });
  expect(await served()).toBe(String(SIZE));
});
