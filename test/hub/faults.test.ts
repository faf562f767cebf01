import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_PATHS, startTestHub, type TestHub, type TestRepo } from './test-hub.js';

let hub: TestHub;
let repo: TestRepo;
const BIG = 100_000;

async function get(url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  const res = await request(url, { method, headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

async function cdnLocation(path = 'big.bin'): Promise<string> {
  const head = await get(`${hub.url}/org/faulty/resolve/main/${path}`, {}, 'HEAD');
  expect(head.status).toBe(302);
  return String(head.headers.location);
}

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: 'org/faulty',
    files: [
      { path: 'big.bin', size: BIG },
      { path: 'other.bin', size: BIG },
      { path: 'small.txt', content: 'small file' },
    ],
  });
});
afterAll(() => hub.close());
beforeEach(() => hub.resetFaults());

describe('test hub faults', () => {
  it('answers 429 with RateLimit and Retry-After for the first K requests, then normally', async () => {
    hub.setFaults({ status: { status: 429, times: 2, retryAfterSeconds: 3 } });
    const first = await get(`${hub.url}/api/models/org/faulty/revision/main`);
    expect(first.status).toBe(429);
    expect(first.headers.ratelimit).toBe('"api";r=0;t=3');
    expect(first.headers['retry-after']).toBe('3');
    const second = await get(`${hub.url}/org/faulty/resolve/main/big.bin`, {}, 'HEAD');
    expect(second.status).toBe(429);
    expect(second.headers.ratelimit).toBe('"resolvers";r=0;t=3');
    expect((await get(`${hub.url}/api/models/org/faulty/revision/main`)).status).toBe(200);
  });

  it('answers 500/503 only for the targeted kind and file', async () => {
    hub.setFaults({ status: { status: 503, on: 'cdn', path: 'big.bin', times: 1 } });
    expect((await get(`${hub.url}/api/models/org/faulty`)).status).toBe(200);
    const otherLocation = await cdnLocation('other.bin');
    expect((await get(otherLocation)).status).toBe(200);
    const location = await cdnLocation();
    expect((await get(location)).status).toBe(503);
    expect((await get(location)).status).toBe(200);
    hub.setFaults({ status: { status: 500 } });
    expect((await get(`${hub.url}/api/models/org/faulty`)).status).toBe(500);
    expect((await get(`${hub.url}/api/models/org/faulty`)).status).toBe(500);
  });

  it('answers the X-Error-Code given with the status: /resolve/ refusing a token as gated', async () => {
    hub.setFaults({ status: { status: 401, on: 'resolve', errorCode: 'GatedRepo' } });
    expect((await get(`${hub.url}/api/models/org/faulty/revision/main`)).status).toBe(200);
    const head = await get(`${hub.url}/org/faulty/resolve/main/big.bin`, {}, 'HEAD');
    expect(head.status).toBe(401);
    expect(head.headers['x-error-code']).toBe('GatedRepo');
  });

  it('drops the connection after N body bytes for the first K responses', async () => {
    const location = await cdnLocation();
    hub.setFaults({ dropAfterBytes: { bytes: 5000, times: 1 } });
    hub.clearRequests();
    await expect(get(location)).rejects.toThrow();
    expect(hub.bytesServed('big.bin')).toBe(5000);
    const ok = await get(location);
    expect(ok.body.length).toBe(BIG);
  });

  it('counts drop/stall/corrupt only when they fire (a short range does not use one up)', async () => {
    const location = await cdnLocation();
    hub.setFaults({ dropAfterBytes: { bytes: 5000, times: 1 }, corrupt: { offsets: [6000], times: 1 } });
    const short = await get(location, { range: 'bytes=0-999' });
    expect(short.body.equals(repo.contentOf('big.bin').subarray(0, 1000))).toBe(true);
    await expect(get(location)).rejects.toThrow();
    const ranged = await get(location, { range: 'bytes=5000-6999' });
    expect(ranged.body[1000]).toBe((repo.contentOf('big.bin')[6000] ?? 0) ^ 0xff);
    const whole = await get(location);
    expect(whole.body.equals(repo.contentOf('big.bin'))).toBe(true);
  });

  it('stalls mid-body after N bytes for S ms, then continues', async () => {
    const location = await cdnLocation();
    hub.setFaults({ stallAfterBytes: { bytes: 1000, stallMs: 300, times: 1 } });
    const res = await request(location);
    let received = 0;
    let gapMs = 0;
    let last = performance.now();
    for await (const chunk of res.body) {
      const now = performance.now();
      gapMs = Math.max(gapMs, now - last);
      last = now;
      received += (chunk as Buffer).length;
    }
    expect(received).toBe(BIG);
    expect(gapMs).toBeGreaterThanOrEqual(250);
  });

  it('corrupts served bytes of one file', async () => {
    const expected = repo.contentOf('big.bin');
    hub.setFaults({ corrupt: { path: 'big.bin', offsets: [10, 50_000], times: 1 } });
    const bad = await get(await cdnLocation());
    expect(bad.body.length).toBe(BIG);
    expect(bad.body.equals(expected)).toBe(false);
    expect(bad.body[10]).toBe((expected[10] ?? 0) ^ 0xff);
    expect(bad.body[50_000]).toBe((expected[50_000] ?? 0) ^ 0xff);
    expect(bad.body.subarray(11, 50_000).equals(expected.subarray(11, 50_000))).toBe(true);
    const other = await get(await cdnLocation('other.bin'));
    expect(other.body.equals(repo.contentOf('other.bin'))).toBe(true);
    expect((await get(await cdnLocation())).body.equals(expected)).toBe(true);
  });

  it('expires CDN URLs after the TTL, and on demand', async () => {
    hub.setFaults({ cdnUrlTtlSeconds: 0.2 });
    const location = await cdnLocation();
    expect((await get(location, { range: 'bytes=0-0' })).status).toBe(206);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await get(location)).status).toBe(403);
    hub.resetFaults();
    const fresh = await cdnLocation();
    expect((await get(fresh, { range: 'bytes=0-0' })).status).toBe(206);
    hub.expireCdnUrls();
    expect((await get(fresh)).status).toBe(403);
    expect((await get(await cdnLocation(), { range: 'bytes=0-0' })).status).toBe(206);
  });

  it('answers a ranged request with 200 and the full body when asked', async () => {
    hub.setFaults({ ignoreRange: { times: 1 } });
    const location = await cdnLocation();
    const full = await get(location, { range: 'bytes=10-19' });
    expect(full.status).toBe(200);
    expect(full.body.length).toBe(BIG);
    expect((await get(location, { range: 'bytes=10-19' })).status).toBe(206);
  });

  it('adds latency before responses', async () => {
    hub.setFaults({ latency: { ms: 200 } });
    const started = performance.now();
    await get(`${hub.url}/api/models/org/faulty`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('holds a matching request until the hold is cleared, then answers it as the faults say then', async () => {
    hub.setFaults({ hold: { path: 'big.bin' } });
    hub.clearRequests();
    const held = get(`${hub.url}/org/faulty/resolve/main/big.bin`, {}, 'HEAD');
    // Another file is not held.
    expect((await get(`${hub.url}/org/faulty/resolve/main/other.bin`, {}, 'HEAD')).status).toBe(302);
    while (!hub.requests.some((entry) => entry.file === 'big.bin'))
      await new Promise((r) => setTimeout(r, 10));
    expect(hub.requests.find((entry) => entry.file === 'big.bin')?.status).toBe(0);
    hub.setFaults({ status: { status: 429, on: 'resolve', retryAfterSeconds: 30 }, hold: undefined });
    const answer = await held;
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('30');
  });

  it('paces each stream at the per-stream cap', async () => {
    const location = await cdnLocation();
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 400_000 } });
    const started = performance.now();
    const body = await get(location);
    expect(body.body.length).toBe(BIG);
    // 100 kB at 400 kB/s ≈ 250 ms (minus at most the 100 ms of banked budget).
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('shares the global cap across streams', async () => {
    const [a, b] = [await cdnLocation(), await cdnLocation('other.bin')];
    hub.setFaults({ globalBytesPerSecond: 800_000 });
    const started = performance.now();
    await Promise.all([get(a), get(b)]);
    // 200 kB at 800 kB/s ≈ 250 ms overall.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('injects hostile paths into tree listings and paths-info', async () => {
    hub.setFaults({ hostileTree: true });
    const tree = JSON.parse(
      (await get(`${hub.url}/api/models/org/faulty/tree/main?recursive=true`)).body.toString(),
    );
    const paths = tree.map((e: { path: string }) => e.path);
    for (const hostile of HOSTILE_PATHS) expect(paths).toContain(hostile);
    const info = await request(`${hub.url}/api/models/org/faulty/paths-info/main`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: ['../../escape'] }),
    });
    expect(((await info.body.json()) as Array<{ path: string }>).map((e) => e.path)).toEqual([
      '../../escape',
    ]);
  });

  it('mirror mode strips X-Linked-*, Content-Length and X-Repo-Commit', async () => {
    hub.setFaults({ mirrorMode: true });
    const head = await get(`${hub.url}/org/faulty/resolve/main/big.bin`, {}, 'HEAD');
    expect(head.status).toBe(302);
    expect(head.headers['x-linked-etag']).toBeUndefined();
    expect(head.headers['x-linked-size']).toBeUndefined();
    expect(head.headers['x-repo-commit']).toBeUndefined();
    expect(head.headers['content-length']).toBeUndefined();
    const body = await get(String(head.headers.location));
    expect(body.headers['content-length']).toBeUndefined();
    expect(body.body.length).toBe(BIG);
    const regular = await get(`${hub.url}/org/faulty/resolve/main/small.txt`, {}, 'HEAD');
    expect(regular.headers['x-repo-commit']).toBeUndefined();
  });
});
