/**
 * What a mirror started with --mirror-offline answers for what only its upstream could give — a repo not in its
 * cache, a gated repo's token check, Hub search: `501` with `X-Error-Code: MirrorOffline` and a message that
 * says so. Before, these were a `401 RepoNotFound` ("not found, or it is private": the repo exists upstream)
 * and `503`s that hubget's client and huggingface_hub retry with backoff (8 s of "still server error") before
 * reporting "the upstream Hub is unreachable … (usually temporary)", though the mirror is offline on purpose.
 * Checked with hubget's own client code (its retry loop, sleeps injected and counted) and @huggingface/hub.
 * Loopback only.
 */
import { downloadFileToCacheDir } from '@huggingface/hub';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { HubgetError } from '../../src/errors.js';
import {
  type HubConfig,
  hubRequest,
  type RepoRef,
  resolveUrl,
  revisionInfoUrl,
} from '../../src/hub/index.js';
import { tempDirs } from '../download/download-fixtures.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const MIRROR_TOKEN = 'hf_mirror_own';
const CLIENT_TOKEN = 'hf_client_ok';
const OFFLINE = 'and the mirror is offline (--mirror-offline)';
let hub: TestHub;
let offline: MirrorHarness;
const temp = tempDirs('mirror-offline-refusals');

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  hub = await startTestHub({ token: [MIRROR_TOKEN, CLIENT_TOKEN] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'config.json', content: '{}' }] });
  await hub.addRepo({ repoId: 'org/uncached', files: [{ path: 'config.json', content: '{}' }] });
  // Online, a client with access pulls the gated repo through the mirror; then the mirror restarts offline.
  const online = await startMirror({ hub, token: MIRROR_TOKEN });
  const pulled = await fetch(`${online.mirrorUrl}/org/gated/resolve/main/config.json`, {
    headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
  });
  expect(pulled.status).toBe(200);
  await pulled.arrayBuffer();
  await online.server.close();
  offline = await startMirror({ hub, token: MIRROR_TOKEN, offline: true, dir: online.dir });
}, 60_000);

afterAll(async () => {
  await offline?.close();
  await hub?.close();
  await temp.removeAll();
});

const model = (repoId: string): RepoRef => ({ repoId, repoType: 'model' });

/** hubget's client call, its retries counted (sleeps skipped): the error it ends with. */
async function hubgetRefusal(
  url: string,
  hubConfig: HubConfig,
  method: 'GET' | 'HEAD',
): Promise<{ error: HubgetError; retries: number }> {
  let retries = 0;
  const error = await hubRequest(hubConfig, url, {
    method,
    retry: { sleep: async () => undefined, onRetry: () => (retries += 1) },
  }).then(
    () => expect.fail('the mirror answered'),
    (failure: unknown) => failure as HubgetError,
  );
  return { error, retries };
}

it('a repo not in the cache: 501 MirrorOffline, not RepoNotFound, and hubget does not retry it', async () => {
  const answer = await fetch(`${offline.mirrorUrl}/api/models/org/uncached/revision/main`);
  expect(answer.status).toBe(501);
  expect(answer.headers.get('x-error-code')).toBe('MirrorOffline');
  expect(answer.headers.get('x-error-message')).toBe(`org/uncached is not in the mirror cache, ${OFFLINE}`);

  const hubConfig = { endpoint: offline.mirrorUrl };
  const { error, retries } = await hubgetRefusal(
    revisionInfoUrl(hubConfig.endpoint, model('org/uncached'), 'main'),
    hubConfig,
    'GET',
  );
  expect(retries).toBe(0);
  expect(error.retryable).toBe(false);
  expect(error.message).toContain(`org/uncached is not in the mirror cache, ${OFFLINE}`);
  expect(error.message).not.toMatch(/not found|usually temporary|unreachable|The Hub answered/);
});

it("a gated repo's token check: 501 MirrorOffline, not retried by hubget", async () => {
  const hubConfig = { endpoint: offline.mirrorUrl, token: CLIENT_TOKEN };
  const { error, retries } = await hubgetRefusal(
    resolveUrl(hubConfig.endpoint, model('org/gated'), 'main', 'config.json'),
    hubConfig,
    'HEAD',
  );
  expect(retries).toBe(0);
  expect(error.status).toBe(501);
  expect(error.message).toContain(
    `org/gated is restricted and only the upstream Hub can check this token's access, ${OFFLINE}`,
  );
  expect(error.message).not.toMatch(/usually temporary|unreachable|The Hub answered/);
});

it('Hub search: 501 MirrorOffline saying the mirror is offline', async () => {
  const answer = await fetch(`${offline.mirrorUrl}/api/models?search=gguf`);
  expect(answer.status).toBe(501);
  expect(answer.headers.get('x-error-code')).toBe('MirrorOffline');
  expect(answer.headers.get('x-error-message')).toBe(`Hub search needs the upstream Hub, ${OFFLINE}`);
});

it('@huggingface/hub is told the repo is not in the cache and the mirror is offline', async () => {
  const cacheDir = await temp.make();
  await expect(
    downloadFileToCacheDir({
      repo: 'org/uncached',
      path: 'config.json',
      hubUrl: offline.mirrorUrl,
      cacheDir,
    }),
  ).rejects.toThrow(/not in the mirror cache, and the mirror is offline/);
});
