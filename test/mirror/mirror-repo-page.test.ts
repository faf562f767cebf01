/**
 * A repo's page through the mirror: hubget's client (and any other) builds it from its endpoint, so with
 * `HF_ENDPOINT=<mirror>/hf` a gated repo's "request access at <mirror>/hf/org/gated" named a URL the mirror
 * answered 404. The mirror redirects `GET /hf/{org}/{name}` (and `datasets/…`, `spaces/…`) to the same page
 * on its upstream, and answers nothing else of that shape. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hubRequest, resolveUrl } from '../../src/hub/index.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({
    repoId: 'org/gated',
    gated: true,
    files: [{ path: 'config.json', content: '{"gated":true}' }],
  });
}, 60_000);

afterAll(() => mirror?.close());

const visit = (path: string) => fetch(`${mirror.mirrorUrl}${path}`, { redirect: 'manual' });

it("redirects the page hubget's gated-repo error names to the upstream's page of the repo", async () => {
  const repo = { repoId: 'org/gated', repoType: 'model' } as const;
  const hub = { endpoint: mirror.mirrorUrl };
  const refused = await hubRequest(hub, resolveUrl(hub.endpoint, repo, 'main', 'config.json'), {
    method: 'HEAD',
    context: { repo, revision: 'main', path: 'config.json' },
  }).catch((error: unknown) => error as Error);
  expect(refused).toBeInstanceOf(Error);
  const page = /request access at (\S+)/.exec((refused as Error).message)?.[1];
  expect(page).toBe(`${mirror.mirrorUrl}/org/gated`);

  const answer = await fetch(page!, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  expect(answer.headers.get('location')).toBe(`${mirror.hub.url}/org/gated`);
});

it('redirects dataset and space pages, and HEAD, to the upstream', async () => {
  const dataset = await visit('/datasets/org/data');
  expect([dataset.status, dataset.headers.get('location')]).toEqual([
    302,
    `${mirror.hub.url}/datasets/org/data`,
  ]);
  const space = await visit('/spaces/org/app');
  expect([space.status, space.headers.get('location')]).toEqual([302, `${mirror.hub.url}/spaces/org/app`]);
  const head = await fetch(`${mirror.mirrorUrl}/org/gated`, { method: 'HEAD', redirect: 'manual' });
  expect(head.status).toBe(302);
});

it('answers 404 for anything else of that shape', async () => {
  for (const path of [
    '/org',
    '/org/gated/',
    '/org/gated/blob/main/config.json',
    '/datasets/org',
    '/models/org/x',
  ]) {
    const answer = await visit(path);
    expect(answer.status, path).toBe(404);
  }
  const post = await fetch(`${mirror.mirrorUrl}/org/gated`, { method: 'POST', redirect: 'manual' });
  expect(post.status).toBe(404);
});
