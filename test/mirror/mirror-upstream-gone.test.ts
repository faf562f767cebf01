/**
 * An upstream that goes away right after it answered (docs/mirror-offline.md): a file the
 * mirror then pulls on a commit's listing it already holds was answered with 502 TRANSFER_FAILED after the
 * engine's whole retry policy (5 attempts, 7.2 s), and every later request paid the retries again, because
 * only a pull failing with NETWORK_UNREACHABLE marked the upstream unreachable and the engine reports a
 * refused or reset connection as TRANSFER_FAILED. Now a failed attempt without an HTTP answer makes the mirror
 * check the upstream once: gone, the request is answered from the cache (503) and so are the next ones for
 * 10 s, without a connection. The upstream is a relay on 127.0.0.1 that counts connections and, killed,
 * resets each one (loopback only). The pull jobs' backoff is the engine's, shortened and without jitter
 * (20, 40, 80, 160 ms instead of up to 1, 2, 4, 8 s), and their tries counted (five, no outage budget: a
 * server job's rides an outage out for 5 minutes), so the job that retries on in the background gives up in
 * under a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/hub/retry-policy.js';
import type { TestRepo } from '../hub/test-hub.js';
import { startTestHub } from '../hub/test-hub.js';
import { type CountingRelay, startCountingRelay } from './counting-relay.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

/** The default policy's attempts; each backoff its ceiling × 0.02, so the upstream's check comes first. */
const PULL_RETRIES = { delayScale: 0.02, random: () => 1, outageBudgetMs: 0 };

let relay: CountingRelay;
let mirror: MirrorHarness;
let repo: TestRepo;

beforeAll(async () => {
  const hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: 'org/vanishing',
    files: [
      { path: 'a.bin', size: 2048 },
      { path: 'b.bin', size: 2048 },
      { path: 'c.bin', size: 4096 },
    ],
  });
  relay = await startCountingRelay(hub.url);
  mirror = await startMirror({ hub, upstream: relay.url, retryPolicy: PULL_RETRIES });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await relay?.close();
  await mirror?.hub.close();
});

describe('a mirror whose upstream goes away right after it answered', () => {
  it('still retries a connection dropped mid-transfer by an upstream that answers', async () => {
    mirror.hub.setFaults({ dropAfterBytes: { path: 'c.bin', bytes: 1000, times: 1 } });
    const answer = await fetch(`${mirror.mirrorUrl}/org/vanishing/resolve/${repo.commit}/c.bin`);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(repo.contentOf('c.bin'));
    await pullsSettled(mirror);
    mirror.hub.setFaults({});
  });

  it('answers a file it lacks with the 503 at once, and the next request without contacting the upstream', async () => {
    const fileUrl = (path: string) => `${mirror.mirrorUrl}/org/vanishing/resolve/${repo.commit}/${path}`;
    const cached = await fetch(fileUrl('a.bin'));
    expect(cached.status).toBe(200);
    await cached.arrayBuffer();
    await pullsSettled(mirror);

    relay.kill();
    relay.resetCount();
    const started = Date.now();
    const first = await fetch(fileUrl('b.bin'));
    const firstMs = Date.now() - started;
    const firstAttempts = relay.connections;
    await first.arrayBuffer();
    expect(first.status, String(first.headers.get('x-error-message'))).toBe(503);
    // Its pull runs on in the background with no byte yet: said so, with when to ask again.
    expect(first.headers.get('x-error-message')).toMatch(
      /^b\.bin of org\/vanishing is being pulled, but no byte of it is in the mirror yet \(.+\) and the upstream Hub is unreachable: the pull keeps trying, retry in \d+ s$/,
    );
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    // Before: 502 after 5 attempts and 7.2 s. Now the pull's first failed attempt and one check of the upstream.
    expect(firstAttempts).toBeLessThan(DEFAULT_RETRY_POLICY.maxConsecutiveFailures);
    console.info(`first request: 503 after ${firstMs} ms, ${firstAttempts} connection attempts upstream`);

    // The pull's job retries on in the background (it may yet finish if the upstream comes back); once it has
    // given up, a second request within the 10 s window contacts nothing, and no pull has the file.
    await pullsSettled(mirror, 30_000);
    relay.resetCount();
    const second = await fetch(fileUrl('b.bin'));
    await second.arrayBuffer();
    expect(second.status, String(second.headers.get('x-error-message'))).toBe(503);
    expect(second.headers.get('x-error-message')).toMatch(
      /not in the mirror cache and the upstream Hub is unreachable/,
    );
    expect(relay.connections).toBe(0);
  }, 60_000);
});
