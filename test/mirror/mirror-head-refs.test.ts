/**
 * What the mirror stores in its cache's `refs/` when clients resolve `HEAD` or a short commit through it, and what
 * `HEAD` resolves to offline. Before, both were stored as refs (`refs/HEAD`, `refs/a88767c`): offline the refs
 * answer listed them as branches, `resolve/HEAD` gave the commit HEAD had when first asked after `main` moved, and
 * a repo whose HEAD was never asked online did not resolve by `HEAD` at all (@huggingface/hub's modelInfo asks
 * `revision/HEAD`). Now only branch and tag names are stored, and `HEAD` is `main`. Loopback only.
 */

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelInfo } from '@huggingface/hub';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let hub: TestHub;
/** The folder (cache and data) of the mirrors a test starts one after the other. */
let dir: string | undefined;
const mirrors: MirrorHarness[] = [];

beforeAll(async () => {
  hub = await startTestHub();
});

afterEach(async () => {
  for (const mirror of mirrors.splice(0)) await mirror.server.close().catch(() => undefined);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

afterAll(() => hub?.close());

/** A mirror over the test's folder: the first one makes it, the next ones restart over it. */
async function mirrorOver(options: { offline?: boolean } = {}): Promise<MirrorHarness> {
  const mirror = await startMirror({ hub, ...(dir === undefined ? {} : { dir }), ...options });
  dir = mirror.dir;
  mirrors.push(mirror);
  return mirror;
}

async function get(url: string): Promise<{ status: number; commit: string | null; body: string }> {
  const response = await fetch(url);
  return {
    status: response.status,
    commit: response.headers.get('x-repo-commit'),
    body: await response.text(),
  };
}

it('stores no ref for HEAD or a short commit, and resolves HEAD as main offline', async () => {
  const first = await hub.addRepo({
    repoId: 'org/rev',
    files: [{ path: 'config.json', content: '{"v":1}' }],
  });
  const online = await mirrorOver();
  const short = first.commit.slice(0, 7);
  for (const revision of ['HEAD', short, 'main']) {
    const file = await get(`${online.mirrorUrl}/org/rev/resolve/${revision}/config.json`);
    expect([file.status, file.commit, file.body]).toEqual([200, first.commit, '{"v":1}']);
  }
  expect((await get(`${online.mirrorUrl}/api/models/org/rev/revision/HEAD`)).status).toBe(200);
  const refsDir = join(online.cacheDir, 'models--org--rev', 'refs');
  expect(await readdir(refsDir)).toEqual(['main']);
  await online.server.close();

  // `main` moves upstream; a restarted mirror (nothing remembered in memory) resolves it for a client.
  const second = await hub.addRepo({
    repoId: 'org/rev',
    files: [{ path: 'config.json', content: '{"v":2}' }],
  });
  const again = await mirrorOver();
  expect((await get(`${again.mirrorUrl}/org/rev/resolve/main/config.json`)).commit).toBe(second.commit);
  await again.server.close();
  // What an earlier mirror (or huggingface_hub, for a short commit) left in `refs/`: HEAD at the old commit.
  await mkdir(refsDir, { recursive: true });
  await writeFile(join(refsDir, 'HEAD'), first.commit);
  await writeFile(join(refsDir, short), first.commit);

  const offline = await mirrorOver({ offline: true });
  const head = await get(`${offline.mirrorUrl}/org/rev/resolve/HEAD/config.json`);
  expect([head.status, head.commit, head.body]).toEqual([200, second.commit, '{"v":2}']);
  // A short commit still resolves offline, from the snapshot folders.
  expect((await get(`${offline.mirrorUrl}/org/rev/resolve/${short}/config.json`)).commit).toBe(first.commit);
  const info = await modelInfo({ name: 'org/rev', hubUrl: offline.mirrorUrl, additionalFields: ['sha'] });
  expect(info.sha).toBe(second.commit);
  const refs = JSON.parse((await get(`${offline.mirrorUrl}/api/models/org/rev/refs`)).body);
  expect(refs.branches).toEqual([{ name: 'main', ref: 'refs/heads/main', targetCommit: second.commit }]);
  expect(refs.tags).toEqual([]);
}, 60_000);

it('resolves HEAD offline for a repo whose HEAD was never asked online', async () => {
  const repo = await hub.addRepo({
    repoId: 'org/only-main',
    files: [{ path: 'config.json', content: '{}' }],
  });
  const online = await mirrorOver();
  expect((await get(`${online.mirrorUrl}/org/only-main/resolve/main/config.json`)).status).toBe(200);
  await online.server.close();
  const offline = await mirrorOver({ offline: true });
  const head = await get(`${offline.mirrorUrl}/api/models/org/only-main/revision/HEAD`);
  expect([head.status, JSON.parse(head.body).sha]).toEqual([200, repo.commit]);
  expect((await get(`${offline.mirrorUrl}/org/only-main/resolve/HEAD/config.json`)).commit).toBe(repo.commit);
}, 60_000);
