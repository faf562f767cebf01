/**
 * `--mirror-offline` and pulls paused before the switch (docs/mirror-offline.md): the info, tree and paths-info
 * answers list a paused pull's file with the cache's files, each entry as the Hub lists it (the commit's kept
 * listing), so a client that lists first asks for it: `@huggingface/hub`'s snapshotDownload gets a file whose paused
 * pull has every byte, and fails on one it has part of. A paused pull with no byte on disk is refused as one past its
 * bytes is, saying how much is there: 0 B (the 501 of an offline mirror; the 503 while the upstream is unreachable).
 * Before, the answers listed the cached files alone (snapshotDownload finished without the file), and a paused pull
 * with no byte got the generic answers ("org/x is not in the mirror cache", or a 404). The test hub stays up while
 * the mirror is offline and hears no request from it; loopback only.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadFileToCacheDir, listFiles, snapshotDownload } from '@huggingface/hub';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { tempDirs } from '../download/download-fixtures.js';
import type { TestHub } from '../hub/test-hub.js';
import { MirrorRestarts } from '../support/mirror/offline-restarts.js';
import { KeptTemp, pauseBeforeFirstByte, pullJob, readThenPauseAnyway, until } from './kept-paused-pull.js';
import { type MirrorHarness, pullsSettled } from './mirror-harness.js';
import { BIG, MIRROR_TOKEN, startPausedPullHub } from './paused-pull-hub.js';

const REPO = 'org/offlist';
/** A repo whose big.bin pull is paused before its first byte. */
const EMPTY = 'org/offempty';
let hub: TestHub;
let mirror: MirrorHarness | undefined;
let content: Buffer;
let kept: KeptTemp;
/** The mirror, restarted over one data dir (online, offline). */
let servers: MirrorRestarts;
/** The test hub's own answers (tree, info with blobs, paths-info of big.bin), asked before the mirror is offline. */
let upstream: { tree: unknown[]; siblings: unknown[]; pathsInfo: unknown[] };
const temp = tempDirs('mirror-offline-paused-listing');

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  ({ hub, content } = await startPausedPullHub(REPO));
  // Its own bytes (another seed): with REPO's big.bin, same path and size, they would be the same blob, which a pull
  // copies from REPO's folder in the cache once that holds it, instead of waiting for the held request.
  await hub.addRepo({ repoId: EMPTY, files: [{ path: 'big.bin', size: BIG, seed: 'offempty' }] });
  upstream = await listingAnswers(`${hub.url}/api/models/${REPO}`);
  servers = new MirrorRestarts(hub, () => ({ token: MIRROR_TOKEN }));
}, 60_000);

afterAll(async () => {
  await servers?.stop();
  await hub?.close();
  await servers?.close();
  await temp.removeAll();
});

/** The tree (recursive), the info's siblings (with blobs) and the paths-info of big.bin, from `api` (a repo's URL). */
async function listingAnswers(api: string): Promise<typeof upstream> {
  const json = async (response: Response) => {
    expect(response.status, String(response.headers.get('x-error-message'))).toBe(200);
    return response.json();
  };
  const tree = (await json(await fetch(`${api}/tree/main?recursive=true`))) as unknown[];
  const info = (await json(await fetch(`${api}?blobs=true`))) as { siblings: unknown[] };
  const pathsInfo = (await json(
    await fetch(`${api}/paths-info/main`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: ['big.bin'] }),
    }),
  )) as unknown[];
  return { tree, siblings: info.siblings, pathsInfo };
}

const get = (repoId: string, path: string) =>
  fetch(`${mirror!.mirrorUrl}/${repoId}/resolve/main/${path}`, { signal: AbortSignal.timeout(20_000) });
const repoDir = (repoId: string) => join(mirror!.cacheDir, `models--${repoId.replace('/', '--')}`);

it('lists the file of a pull paused before the switch as the Hub lists it, with the cached files', async () => {
  mirror = await servers.start(false);
  const other = await get(REPO, 'other.bin');
  expect((await other.arrayBuffer()).byteLength).toBe(64 * 1024);
  await pullsSettled(mirror!);
  kept = new KeptTemp(join(repoDir(REPO), 'blobs'), BIG);
  await readThenPauseAnyway(mirror!, REPO, 'big.bin', content);
  await servers.stop();
  mirror = await servers.start(true);

  // Every answer lists big.bin (it listed other.bin alone), each entry the Hub's own.
  const answers = await listingAnswers(`${mirror!.mirrorUrl}/api/models/${REPO}`);
  expect(answers).toEqual(upstream);
  expect(answers.tree.map((entry) => (entry as { path: string }).path)).toEqual(['big.bin', 'other.bin']);

  // @huggingface/hub lists it, asks for it, and fails on it: the mirror has part of it, and the body is cut.
  const hubUrl = mirror!.mirrorUrl;
  const listed: string[] = [];
  for await (const entry of listFiles({ repo: REPO, hubUrl, recursive: true })) listed.push(entry.path);
  expect(listed).toEqual(['big.bin', 'other.bin']);
  const cacheDir = await temp.make();
  await expect(downloadFileToCacheDir({ repo: REPO, path: 'big.bin', hubUrl, cacheDir })).rejects.toThrow();
  expect(pullJob(mirror!, REPO, 'big.bin')?.state).toBe('paused');
  expect(servers.heardWhileOffline()).toEqual([]);
}, 60_000);

it("gets a paused pull's whole file through @huggingface/hub's snapshotDownload, which lists first", async () => {
  // Every byte on disk; other.bin's blob goes (KeptTemp clears blobs/): the commit is known by the paused pull alone.
  await servers.stop();
  await kept.write(content, true, join(repoDir(REPO), 'snapshots'), 'big.bin');
  mirror = await servers.start(true);
  const cacheDir = await temp.make();
  const folder = await snapshotDownload({ repo: REPO, hubUrl: mirror!.mirrorUrl, cacheDir });
  expect(await readdir(folder)).toEqual(['big.bin']);
  expect((await readFile(join(folder, 'big.bin'))).equals(content)).toBe(true);
  // The mirror hashed the temp file as it streamed and moved it into place: its job completed.
  expect(await kept.placedSoon()).toBe(true);
  await until(() => pullJob(mirror!, REPO, 'big.bin')?.state !== 'paused');
  expect(pullJob(mirror!, REPO, 'big.bin')?.state).toBe('completed');
  expect(servers.heardWhileOffline()).toEqual([]);
}, 60_000);

it('refuses a paused pull with no byte on disk as one past its bytes: 0 B of it, offline or upstream gone', async () => {
  await servers.stop();
  mirror = await servers.start(false);
  await pauseBeforeFirstByte(mirror!, hub, EMPTY, 'big.bin');
  hub.setFaults({ hold: undefined });
  await servers.stop();
  mirror = await servers.start(true);
  const offline = await get(EMPTY, 'big.bin');
  await offline.arrayBuffer();
  expect(offline.status).toBe(501);
  expect(offline.headers.get('x-error-code')).toBe('MirrorOffline');
  expect(offline.headers.get('x-error-message')).toBe(
    'big.bin of org/offempty is only partly in the mirror (0 B of 8.39 MB), and the mirror is offline (--mirror-offline)',
  );
  // Listed too, so a client that lists first hears the same.
  const tree = await fetch(`${mirror!.mirrorUrl}/api/models/${EMPTY}/tree/main`);
  expect(((await tree.json()) as { path: string }[]).map((entry) => entry.path)).toEqual(['big.bin']);
  await expect(
    downloadFileToCacheDir({
      repo: EMPTY,
      path: 'big.bin',
      hubUrl: mirror!.mirrorUrl,
      cacheDir: await temp.make(),
    }),
  ).rejects.toThrow(
    /^big\.bin of org\/offempty is only partly in the mirror \(0 B of 8\.39 MB\), and the mirror/,
  );
  expect(servers.heardWhileOffline()).toEqual([]);

  // Not offline, the upstream gone: the 503 that says the same.
  await servers.stop();
  await hub.close();
  mirror = await servers.start(false);
  const gone = await get(EMPTY, 'big.bin');
  await gone.arrayBuffer();
  expect(gone.status).toBe(503);
  expect(gone.headers.get('x-error-message')).toBe(
    'big.bin of org/offempty is only partly in the mirror (0 B of 8.39 MB) and the upstream Hub is unreachable: try again when it is back',
  );
  expect(pullJob(mirror!, EMPTY, 'big.bin')?.state).toBe('paused');
}, 60_000);
