/** The mirror's counters across restarts: read at start, written while they change and at close. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MirrorCountersFile } from './mirror-counters-file.js';
import { MirrorStats } from './mirror-stats.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-mirror-counters-'));
  path = join(dir, 'data', 'mirror-counters.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Counts one hit of `bytes` served from the cache, one miss of as many fetched upstream. */
function serve(stats: MirrorStats, bytes: number): void {
  stats.request('hit');
  const hit = stats.pull('10.0.0.7', 'org/x', 'a.bin');
  hit.bytes(bytes, bytes);
  hit.end();
  stats.request('miss');
  stats.upstream(bytes);
  const miss = stats.pull('10.0.0.7', 'org/x', 'b.bin');
  miss.bytes(bytes, 0);
  miss.end();
}

it('starts from zero without a file, and a restart adds on to what the last run counted', async () => {
  const first = new MirrorStats();
  const file = new MirrorCountersFile(path, first);
  await file.start();
  expect(first.snapshot()).toMatchObject({ bytesServed: 0, hitRatio: null });
  serve(first, 100);
  await file.close();

  const second = new MirrorStats();
  const again = new MirrorCountersFile(path, second);
  await again.start();
  expect(second.snapshot()).toEqual({
    requests: { hit: 1, miss: 1, partial: 0, unavailable: 0 },
    bytesServed: 200,
    bytesFromCache: 100,
    bytesUpstream: 100,
    hitRatio: 0.5,
    clients: [],
  });
  serve(second, 50);
  await again.close();
  expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
    requests: { hit: 2, miss: 2, partial: 0, unavailable: 0 },
    bytesServed: 300,
    bytesFromCache: 150,
    bytesUpstream: 150,
  });
});

it('writes changed counters on its interval, so a crash loses at most the last one', async () => {
  const stats = new MirrorStats();
  const file = new MirrorCountersFile(path, stats, 20);
  await file.start();
  serve(stats, 10);
  const deadline = Date.now() + 3000;
  let kept: { bytesServed?: number } = {};
  while (kept.bytesServed !== 20 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    kept = JSON.parse(await readFile(path, 'utf8').catch(() => '{}'));
  }
  expect(kept.bytesServed).toBe(20);
  await file.close();
});

it('starts from zero over a file that is not counters, and reads a bad field as 0', async () => {
  await file(path, 'not json');
  const stats = new MirrorStats();
  await new MirrorCountersFile(path, stats).start();
  expect(stats.counters().bytesServed).toBe(0);

  await file(path, JSON.stringify({ requests: { hit: 3, miss: -1 }, bytesServed: 1.5, bytesUpstream: 7 }));
  const partly = new MirrorStats();
  await new MirrorCountersFile(path, partly).start();
  expect(partly.counters()).toEqual({
    requests: { hit: 3, miss: 0, partial: 0, unavailable: 0 },
    bytesServed: 0,
    bytesFromCache: 0,
    bytesUpstream: 7,
  });
});

async function file(at: string, text: string): Promise<void> {
  await mkdir(dirname(at), { recursive: true });
  await writeFile(at, text);
}
