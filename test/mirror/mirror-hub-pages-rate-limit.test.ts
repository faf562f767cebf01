/**
 * On a mirror, the server's own Hub calls for the web UI's search and model pages (`/api/hub/search`,
 * `/api/hub/repos/…`, and the download preview `/api/downloads/preview`: the Hub's search, revision info, tree and
 * refs, made with the server's token, which is the mirror's) share the mirror's remembered `429` waits (docs/mirror.md, "Pull-through, once";
 * src/hub/rate-limit-windows.ts): a `429` one of them gets starts the wait of the api bucket of that token, and
 * while a wait lasts they are answered `429` with what is left of it, the upstream not asked. Before, they neither
 * fed the waits nor respected them: a search refused upstream left the mirror's next own call to ask (and be refused)
 * again, and the mirror's wait did not keep the search and the model page from asking. Loopback only.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { expectWaitLeft } from './wait-left.js';

// A hub of each test's own: the remembered waits are the process's (src/transfer/host-rate-limit.ts
// processRateLimits), by endpoint and token, and the mirrors run in this process.
let hub: TestHub;
const mirrors: MirrorHarness[] = [];

beforeEach(async () => {
  hub = await startTestHub({ token: ['hf_mirror_token'] });
  await hub.addRepo({ repoId: 'org/pages', files: [{ path: 'config.json', content: '{}' }] });
}, 60_000);

afterEach(async () => {
  for (const mirror of mirrors.splice(0)) await mirror.close();
  await hub?.close();
});

async function newMirror(): Promise<MirrorHarness> {
  const mirror = await startMirror({ hub, token: 'hf_mirror_token' });
  mirrors.push(mirror);
  return mirror;
}

/** A request that fails the test rather than hang for the upstream's 30 s; its body read. */
async function ask(url: string): Promise<Response> {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  await response.clone().arrayBuffer();
  return response;
}

const apiUrl = (mirror: MirrorHarness, path: string) => mirror.mirrorUrl.replace(/\/hf$/, `/api${path}`);

/** The download preview the model page asks for. */
function preview(mirror: MirrorHarness): Promise<Response> {
  return fetch(apiUrl(mirror, '/downloads/preview'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId: 'org/pages' }),
    signal: AbortSignal.timeout(20_000),
  });
}

it("a search's 429 starts the wait: the model page and the mirror's own calls are refused without asking", async () => {
  const mirror = await newMirror();
  // The upstream refuses one API call only: whatever asks after it would be answered.
  hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30, times: 1 } });
  hub.clearRequests();
  const search = await ask(apiUrl(mirror, '/hub/search?q=pages'));
  expectWaitLeft(search);
  expect(hub.requests.map((request) => request.status)).toEqual([429]);

  hub.clearRequests();
  expectWaitLeft(await ask(apiUrl(mirror, '/hub/repos/model/org/pages')));
  expectWaitLeft(await preview(mirror));
  // The mirror's own revision call (a client's file request) waits on the same quota.
  expectWaitLeft(await ask(`${mirror.mirrorUrl}/org/pages/resolve/main/config.json`));
  expect(hub.requests).toEqual([]);
}, 60_000);

it("the mirror's own 429 starts the wait: search and the model page are refused without asking", async () => {
  const mirror = await newMirror();
  hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30, times: 1 } });
  hub.clearRequests();
  // A client's file request: the mirror's revision call (its token, the api bucket) is refused upstream.
  expectWaitLeft(await ask(`${mirror.mirrorUrl}/org/pages/resolve/main/config.json`));
  expect(hub.requests.map((request) => request.status)).toEqual([429]);

  hub.clearRequests();
  expectWaitLeft(await ask(apiUrl(mirror, '/hub/search?q=pages')));
  expectWaitLeft(await ask(apiUrl(mirror, '/hub/repos/model/org/pages')));
  expectWaitLeft(await preview(mirror));
  expect(hub.requests).toEqual([]);
}, 60_000);
