/**
 * While the upstream is unreachable, the mirror's info, tree and paths-info answers list every file of the
 * commit (from the listing it kept: src/mirror/listing-store.ts), not only the files it holds: a client that
 * downloads the whole repo then fails on the files the cache lacks (a 503 naming the file) instead of
 * "succeeding" with part of the model. With --mirror-offline the cache is all there is, and the answers list
 * it alone. Loopback only: the unreachable upstream is a closed port on 127.0.0.1.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { downloadModel } from '../../src/transfer/download-model.js';
import { tempDirs, testOptions } from '../download/download-fixtures.js';
import type { TestRepo } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

const REPO = { repoId: 'org/partial', repoType: 'model' as const };
let mirror: MirrorHarness;
let repo: TestRepo;
let commit: string;
const temp = tempDirs('mirror-offline-listing');

beforeAll(async () => {
  mirror = await startMirror();
  repo = await mirror.hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"held":true}' },
      { path: 'weights/model.bin', size: 100_000, lfs: true },
    ],
  });
  // Online, a client fetches one of the two files: the mirror lists the commit and keeps the listing.
  const fetched = await fetch(`${mirror.mirrorUrl}/org/partial/resolve/main/config.json`);
  expect(fetched.status).toBe(200);
  await fetched.arrayBuffer();
  commit = fetched.headers.get('x-repo-commit') ?? '';
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await temp.removeAll();
});

const weights = () => repo.files.find((file) => file.path === 'weights/model.bin')!;

it('lists every file of the commit while the upstream is unreachable, the cache alone with --mirror-offline', async () => {
  const service = await serviceOver(mirror);
  const info = await askService(service, '/api/models/org/partial/revision/main', { query: 'blobs=true' });
  expect(info.status).toBe(200);
  const siblings = JSON.parse(String(info.body)).siblings as Array<Record<string, unknown>>;
  expect(siblings.map((sibling) => sibling.rfilename)).toEqual(['config.json', 'weights/model.bin']);
  expect(siblings[1]).toMatchObject({ size: 100_000, lfs: { sha256: weights().sha256, size: 100_000 } });

  const tree = await askService(service, `/api/models/org/partial/tree/${commit}`, {
    query: 'recursive=true',
  });
  const entries = JSON.parse(String(tree.body)) as Array<{ path: string; type: string }>;
  expect(entries.map((entry) => `${entry.type}:${entry.path}`)).toEqual([
    'file:config.json',
    'directory:weights',
    'file:weights/model.bin',
  ]);
  // huggingface_hub on requests (before 1.0) sends its flags as `True`: the same answers.
  const asPython = async (pathname: string, query: string) =>
    JSON.parse(String((await askService(service, pathname, { query })).body)) as unknown;
  expect(await asPython(`/api/models/org/partial/tree/${commit}`, 'recursive=True')).toEqual(entries);
  expect(await asPython('/api/models/org/partial/revision/main', 'blobs=True')).toEqual(
    JSON.parse(String(info.body)),
  );
  const pathsInfo = await askService(service, `/api/models/org/partial/paths-info/${commit}`, {
    method: 'POST',
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify({ paths: ['weights/model.bin'] })),
  });
  expect(JSON.parse(String(pathsInfo.body))).toMatchObject([{ path: 'weights/model.bin', size: 100_000 }]);
  // Listed, not held: the file itself is the 503 it was.
  const file = await askService(service, '/org/partial/resolve/main/weights/model.bin', { method: 'HEAD' });
  expect(file.status).toBe(503);

  const offline = await serviceOver(mirror, { offline: true });
  const cacheOnly = await askService(offline, '/api/models/org/partial/revision/main', {
    query: 'blobs=true',
  });
  expect(JSON.parse(String(cacheOnly.body)).siblings.map((s: { rfilename: string }) => s.rfilename)).toEqual([
    'config.json',
  ]);
});

it("fails hubget's download of the whole repo on the file the cache lacks, rather than finishing without it", async () => {
  await mirror.hub.close();
  const cacheDir = await temp.make();
  const download = downloadModel(
    { repo: REPO, hub: { endpoint: mirror.mirrorUrl }, cacheDir },
    testOptions([], {
      transfer: { retryPolicy: { baseDelayMs: 10, maxDelayMs: 50, maxConsecutiveFailures: 2 } },
    }),
  );
  await expect(download).rejects.toThrow(/weights\/model\.bin[\s\S]*not in the mirror cache/);
  const snapshot = join(cacheDir, 'models--org--partial', 'snapshots', commit);
  expect(await readFile(join(snapshot, 'config.json'), 'utf8')).toBe('{"held":true}');
  await expect(access(join(snapshot, 'weights', 'model.bin'))).rejects.toThrow();
}, 60_000);
