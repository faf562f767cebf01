/**
 * An upstream that answers a pull with errors (docs/mirror-offline.md): its CDN answers every
 * range request `500`. Before, the client waiting on the pull got a `200` with the file's headers after 2 s (the
 * upstream answered the probe, so it was taken for there) and then no byte while the job retried for minutes;
 * hubget's client said "no data for 30 s" and never why. Now it gets a `503` with `Retry-After` that says the
 * upstream fails to send the file and what it answered, and the file once the upstream sends it again. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const SIZE = 2 * 1024 * 1024;

let hub: TestHub;
let repo: TestRepo;
let mirror: MirrorHarness;
const clients = new AbortController();

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/failing', files: [{ path: 'model.safetensors', size: SIZE }] });
  // Other bytes than org/failing's file of the same name and size: the same content would be copied from its blob
  // in the mirror's cache (docs/cache-layout.md, reuse of another repo's blobs), with no upstream to fail.
  await hub.addRepo({
    repoId: 'org/asking',
    files: [{ path: 'model.safetensors', size: SIZE, seed: 'org/asking' }],
  });
  // Quick retries, so the job fetches the file soon once the CDN answers again.
  mirror = await startMirror({ hub, retryPolicy: { baseDelayMs: 50, maxDelayMs: 200 } });
}, 60_000);

afterAll(async () => {
  clients.abort();
  await mirror?.close();
  await hub?.close();
});

const url = () => `${mirror.mirrorUrl}/org/failing/resolve/main/model.safetensors`;

it('answers a 503 with Retry-After and the upstream error, not a 200 with no body, while the upstream fails', async () => {
  hub.setFaults({ status: { status: 500, on: 'cdn' } });
  const failing = await fetch(url(), {
    signal: AbortSignal.any([clients.signal, AbortSignal.timeout(30_000)]),
  });
  expect(failing.status).toBe(503);
  expect(failing.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(failing.headers.get('x-error-message')).toMatch(
    /model\.safetensors of org\/failing is not in the mirror cache and the upstream Hub fails to send it \(.*500.*\)/,
  );
  expect(await failing.json()).toEqual({ error: expect.stringMatching(/fails to send it/) });
  // The job retries on in the background: the upstream sending again, the file comes.
  hub.resetFaults();
  let answer = await fetch(url(), { signal: clients.signal });
  while (answer.status === 503) {
    await answer.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await fetch(url(), { signal: clients.signal });
  }
  expect(answer.status).toBe(200);
  expect(Buffer.from(await answer.arrayBuffer())).toEqual(repo.contentOf('model.safetensors'));
}, 90_000);

it('quotes what is left of the upstream’s own Retry-After in the 503, not the fixed 10 s', async () => {
  // The CDN asks for 40 s: the pull's job waits that out before its next try, so a client told 10 s would ask
  // again, and again, for nothing. Before, the 503 said 10 whatever the upstream asked.
  hub.setFaults({
    status: { status: 503, on: 'cdn', retryAfterSeconds: 40, path: 'org/asking/model.safetensors' },
  });
  const failing = await fetch(`${mirror.mirrorUrl}/org/asking/resolve/main/model.safetensors`, {
    signal: AbortSignal.any([clients.signal, AbortSignal.timeout(30_000)]),
  });
  expect(failing.status).toBe(503);
  // 40 s + 1 (as huggingface_hub counts a Retry-After), less the ≈ 2 s the request waited for a first byte.
  const seconds = Number(failing.headers.get('retry-after'));
  expect(seconds).toBeGreaterThan(30);
  expect(seconds).toBeLessThanOrEqual(41);
  expect(failing.headers.get('x-error-message')).toMatch(/503.*the mirror keeps trying: retry in \d+ s/);
  await failing.arrayBuffer();
}, 60_000);
