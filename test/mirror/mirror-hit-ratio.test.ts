/**
 * The mirror's cache hit ratio is by bytes (bytes served from the cache / bytes served, docs/mirror.md,
 * counters): a segmented client that pulls a file cold in many range requests weighs what its bytes weigh,
 * not one request each. Before, the ratio was per request: one cold hubget client (8 ranges, all misses or
 * joins) then one warm plain client (1 hit) read 11 %, though half of what was served came from the cache.
 * Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MirrorStatusView } from '../../src/api-types.js';
import { API_TOKEN, type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const SIZE = 800_000;
const RANGES = 8;
let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({ repoId: 'org/ratio', files: [{ path: 'w.bin', size: SIZE, lfs: true }] });
}, 60_000);

afterAll(() => mirror?.close());

const url = () => `${mirror.mirrorUrl}/org/ratio/resolve/main/w.bin`;
const status = async () =>
  (await (
    await fetch(`${mirror.server.url}/api/mirror`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
  ).json()) as MirrorStatusView;

function range(index: number): string {
  const step = SIZE / RANGES;
  return `bytes=${index * step}-${(index + 1) * step - 1}`;
}

it('has no ratio before any byte was served', async () => {
  expect(await status()).toMatchObject({ bytesServed: 0, bytesFromCache: 0, hitRatio: null, clients: [] });
});

it('weighs a cold segmented pull and a warm whole-file pull by their bytes', async () => {
  const cold = await Promise.all(
    Array.from({ length: RANGES }, async (_, index) => {
      const response = await fetch(url(), { headers: { range: range(index) } });
      return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
    }),
  );
  expect(cold.every((part) => part.status === 206 && part.bytes === SIZE / RANGES)).toBe(true);
  await pullsSettled(mirror);
  const warm = await fetch(url());
  expect((await warm.arrayBuffer()).byteLength).toBe(SIZE);

  const after = await status();
  expect(after.requests?.hit).toBe(1);
  expect((after.requests?.miss ?? 0) + (after.requests?.partial ?? 0)).toBe(RANGES);
  expect(after).toMatchObject({ bytesServed: 2 * SIZE, bytesFromCache: SIZE, hitRatio: 0.5 });
  const metrics = await (await fetch(`${mirror.server.url}/metrics`)).text();
  expect(metrics).toMatch(new RegExp(`^hubget_mirror_served_from_cache_bytes_total ${SIZE}$`, 'm'));
});
