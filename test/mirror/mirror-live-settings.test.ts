/**
 * The mirror's upstream is the server's Hub endpoint and token as the Settings page sets them (stored
 * settings first, then HF_ENDPOINT / HF_TOKEN), the ones its pull jobs fetch with: its metadata calls and its
 * pulls never ask two different upstreams. Before, the mirror kept the flags/env it started with while its
 * jobs followed the settings: after the endpoint was changed in Settings (or stored there by an earlier run),
 * the mirror resolved a commit on one upstream and its job asked another for it, and every pull failed.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

const TOKEN = 'hf_live_token';
let first: TestHub;
let second: TestHub;
let mirror: MirrorHarness;
let expected: TestRepo;

beforeAll(async () => {
  first = await startTestHub();
  second = await startTestHub({ token: TOKEN });
  // Same repo id on both, other content: which upstream served a file shows in its bytes.
  await first.addRepo({ repoId: 'org/model', files: [{ path: 'w.bin', size: 50_000, seed: 'first' }] });
  expected = await second.addRepo({
    repoId: 'org/model',
    files: [{ path: 'w.bin', size: 50_000, seed: 'second' }],
  });
  await second.addRepo({
    repoId: 'org/private',
    private: true,
    files: [{ path: 'a.txt', content: 'secret' }],
  });
  mirror = await startMirror({ hub: first });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await first?.close();
  await second?.close();
});

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

it('follows an endpoint and a token changed in Settings, for its metadata and its pulls alike', async () => {
  mirror.server.jobs.updateSettings({ endpoint: second.url, hfToken: TOKEN });
  first.clearRequests();

  const response = await fetch(`${mirror.mirrorUrl}/org/model/resolve/main/w.bin`);
  const body = await response.arrayBuffer();
  expect(response.status, Buffer.from(body).toString()).toBe(200);
  expect(response.headers.get('x-repo-commit')).toBe(expected.commit);
  expect(sha256(body)).toBe(expected.files[0]!.sha256);

  // A private repo of the new upstream: the mirror's own token is now the one set in Settings.
  const secret = await fetch(`${mirror.mirrorUrl}/org/private/resolve/main/a.txt`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(secret.status).toBe(200);
  expect(await secret.text()).toBe('secret');

  const status = (await (await fetch(`${mirror.mirrorUrl.replace(/\/hf$/, '')}/api/mirror`)).json()) as {
    upstream: string;
  };
  expect(status.upstream).toBe(second.url);
  await pullsSettled(mirror);
  expect(first.requests).toEqual([]);
}, 30_000);
