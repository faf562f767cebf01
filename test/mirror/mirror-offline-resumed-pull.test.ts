/**
 * `--mirror-offline` and a pull an operator resumed (docs/mirror-offline.md): a paused pull with no byte on disk, kept
 * across a restart, is resumed on the offline mirror (its job asks the Hub; the mirror's own answers do not). While it
 * has no byte yet, a request for its file gets a 503 that says it is being pulled, with Retry-After (hubget and
 * huggingface_hub retry it), and the file stays listed; its first bytes, once there, are served. Before, the file was
 * the 404 of any file the cache lacks, and it left the listings: the mirror knew of running pulls only those this
 * process had started or watched. The test hub holds the pull's requests (its `hold` fault): no timing. Loopback only.
 */
import { expect, it } from 'vitest';
import { pauseBeforeFirstByte, pullJob, until } from './kept-paused-pull.js';
import type { MirrorHarness } from './mirror-harness.js';
import { pausedPullRestarts } from './paused-pull-hub.js';

const REPO = 'org/offresumed';
const suite = pausedPullRestarts(REPO);
let mirror: MirrorHarness | undefined;

const get = (range?: string) =>
  fetch(`${mirror!.mirrorUrl}/${REPO}/resolve/main/big.bin`, {
    signal: AbortSignal.timeout(20_000),
    ...(range === undefined ? {} : { headers: { range } }),
  });

it('answers a resumed pull with no byte yet 503 with Retry-After, not 404, then serves its first bytes', async () => {
  mirror = await suite.servers.start(false);
  // The cache holds another file of the commit: offline, a file it lacks that no pull has is a 404.
  const other = await fetch(`${mirror.mirrorUrl}/${REPO}/resolve/main/other.bin`);
  expect((await other.arrayBuffer()).byteLength).toBe(64 * 1024);
  await pauseBeforeFirstByte(mirror, suite.hub, REPO, 'big.bin');
  await suite.servers.stop();
  mirror = await suite.servers.start(true);
  // The operator resumes the pull on the offline mirror: its job asks the Hub, which holds the request.
  const api = mirror.mirrorUrl.replace(/\/hf$/, '/api');
  const resumed = await fetch(`${api}/downloads/${pullJob(mirror, REPO, 'big.bin')!.id}/resume`, {
    method: 'POST',
  });
  expect(resumed.status).toBe(200);
  await until(() => pullJob(mirror!, REPO, 'big.bin')?.state === 'running');

  const waiting = await get();
  await waiting.arrayBuffer();
  expect(waiting.status).toBe(503);
  expect(waiting.headers.get('retry-after')).toBe('10');
  expect(waiting.headers.get('x-error-message')).toBe(
    'big.bin of org/offresumed is being pulled, but no byte of it is in the mirror yet (0 B of 8.39 MB), and the mirror is offline (--mirror-offline): its pull, resumed on the mirror, keeps going: retry in 10 s',
  );
  // Still listed, so a client that lists first asks for it.
  const tree = await fetch(`${mirror.mirrorUrl}/api/models/${REPO}/tree/main`);
  expect(((await tree.json()) as { path: string }[]).map((entry) => entry.path)).toContain('big.bin');

  // The Hub answers: the pull's first bytes are served to the next request from then on.
  suite.hub.setFaults({ hold: undefined });
  let first: Response;
  for (;;) {
    first = await get('bytes=0-1023');
    if (first.status !== 503) break;
    await first.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(first.status).toBe(206);
  expect(Buffer.from(await first.arrayBuffer()).equals(suite.content.subarray(0, 1024))).toBe(true);
}, 60_000);
