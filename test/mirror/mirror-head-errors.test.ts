/**
 * A refused `HEAD` through the mirror carries no JSON content type: it has no body, and `@huggingface/hub` parses the
 * body of any error whose content type is JSON, so its `fileExists` on a gated repo without a token threw
 * "Unexpected end of JSON input" instead of the Hub's 401 (a `HubApiError` with its status). The `X-Error-*` headers
 * huggingface_hub reads stay; a `GET`'s error keeps its JSON body and type. Loopback only.
 */
import { fileExists, HubApiError } from '@huggingface/hub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({
    repoId: 'org/gated-head',
    gated: true,
    files: [{ path: 'config.json', content: '{"gated":true}' }],
  });
}, 60_000);

afterAll(() => mirror?.close());

it("tells @huggingface/hub's fileExists the Hub's 401 for a gated repo without a token, not a JSON parse error", async () => {
  const asked = fileExists({ repo: 'org/gated-head', path: 'config.json', hubUrl: mirror.mirrorUrl });
  const error = await asked.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HubApiError);
  expect((error as HubApiError).statusCode).toBe(401);

  const head = await fetch(`${mirror.mirrorUrl}/org/gated-head/resolve/main/config.json`, { method: 'HEAD' });
  expect(head.status).toBe(401);
  expect(head.headers.get('x-error-code')).toBe('GatedRepo');
  expect(head.headers.get('content-type') ?? '').not.toMatch(/json/);
  const get = await fetch(`${mirror.mirrorUrl}/org/gated-head/resolve/main/config.json`);
  expect([get.status, get.headers.get('content-type')]).toEqual([401, 'application/json; charset=utf-8']);
  expect(await get.json()).toMatchObject({ error: expect.stringContaining('gated') });
});
