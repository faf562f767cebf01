/**
 * What a request that joins a pull is counted as (docs/mirror.md, counters). A client can read every byte of a
 * file pulled through before the pull's job has verified it and moved it into place (ranges are served as
 * they are written); a request for it in that window reads the whole file from the mirror's disk and waits on
 * nothing upstream: a `hit`, as once the blob is in place, not a `partial` (before: `partial`). A request that
 * joins a pull whose bytes are still arriving stays `partial`. Every response gets its last chunk only once the
 * blob is in place. The fetcher plays the pull's job: it writes the temp file and announces each range as the
 * engine does (onRangeWritten), and holds the rest of the file and then the move into place until the test lets
 * each go. Bytes served from the cache are counted byte by byte: of a joined pull, those on disk when the answer began
 * that were fetched for another client.
 */
import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { blobPath, cacheRepoLayout } from '../../src/cache/cache-layout.js';
import { freshTempFile } from '../../src/cache/temp-files.js';
import { blobIdOf } from '../../src/hub/index.js';
import type { BlobFetcher, BlobFetchRequest, MirrorReply } from '../../src/mirror/index.js';
import { MirrorService } from '../../src/mirror/index.js';
import type { RangeWrittenListener } from '../../src/transfer/types.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { askService } from './mirror-service-harness.js';

const SIZE = 600_000;
let hub: TestHub;
let repo: TestRepo;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({ repoId: 'org/joined', files: [{ path: 'w.bin', size: SIZE, lfs: true }] });
  dir = await mkdtemp(join(tmpdir(), 'hubget-joined-counts-'));
}, 30_000);

afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A gate the fetcher waits at until the test opens it. */
function gate(): { opened: Promise<void>; open(): void } {
  let resolveOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    resolveOpened = resolve;
  });
  return { opened, open: () => resolveOpened() };
}

/** The pull's job: the first half written, then (rest) the second half (wrote), then (commit) the blob in place. */
function heldFetcher(cacheDir: string) {
  const listeners = new Set<RangeWrittenListener>();
  const rest = gate();
  const wrote = gate();
  const commit = gate();
  const fetcher: BlobFetcher = {
    observeWrites(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async fetch({ repo: ref, file }: BlobFetchRequest) {
      const path = blobPath(cacheRepoLayout(cacheDir, ref), blobIdOf(file));
      const { tempPath } = freshTempFile(path);
      const content = repo.contentOf(file.path);
      const half = Math.floor(content.length / 2);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tempPath, content.subarray(0, half));
      for (const listener of listeners) listener(tempPath, 0, half);
      await rest.opened;
      const handle = await open(tempPath, 'r+');
      await handle.write(content, half, content.length - half, half).finally(() => handle.close());
      for (const listener of listeners) listener(tempPath, half, content.length);
      wrote.open();
      await commit.opened;
      await rename(tempPath, path);
    },
  };
  return { fetcher, rest, wrote, commit };
}

/** A started mirror over its own cache folder `name`, whose pulls are heldFetcher's. */
async function heldMirror(name: string) {
  const cacheDir = join(dir, name);
  const { fetcher, ...gates } = heldFetcher(cacheDir);
  const mirror = new MirrorService({
    hub: () => ({ endpoint: hub.url }),
    offline: false,
    cacheDir,
    visibilityPath: join(dir, `${name}-repos.json`),
    fetcher,
    pollMs: 3_600_000,
  });
  await mirror.start();
  return { mirror, ...gates };
}

async function body(reply: MirrorReply): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of reply.body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

it('counts a request for a pulled file whose bytes are all on disk, not yet in place, as a hit', async () => {
  const { mirror, rest, wrote, commit } = await heldMirror('cache');
  const get = (agent?: string) =>
    askService(mirror, '/org/joined/resolve/main/w.bin', agent ? { agent } : {});
  const whole = repo.contentOf('w.bin');

  // The first request starts the pull (miss); a second joins it while its bytes still arrive (partial).
  const first = await get('hubget/0.1.0');
  const firstBody = body(first);
  const second = await get('huggingface_hub/0.26.2');
  const secondBody = body(second);
  expect([first.status, second.status]).toEqual([200, 200]);
  expect(mirror.stats.snapshot().requests).toEqual({ hit: 0, miss: 1, partial: 1, unavailable: 0 });
  // One address, two programs: two rows of the clients pulling now.
  expect(mirror.stats.snapshot().clients.map((row) => [row.client, row.agent])).toEqual([
    ['test', 'hubget/0.1.0'],
    ['test', 'huggingface_hub/0.26.2'],
  ]);
  rest.open();
  await wrote.opened;

  // Every byte is on disk; the job has not moved the blob into place yet: the whole file from the disk.
  expect(mirror.activePulls).toBe(1);
  const third = await get();
  expect(third.status).toBe(200);
  const thirdBody = body(third);
  expect(mirror.stats.snapshot().requests).toEqual({ hit: 1, miss: 1, partial: 1, unavailable: 0 });
  // All three have every byte but their last chunk: it waits for the blob to be verified and in place.
  let ended = false;
  const end = () => {
    ended = true;
  };
  void Promise.race([firstBody, secondBody, thirdBody]).then(end, end);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(ended).toBe(false);
  commit.open();
  for (const bytes of await Promise.all([firstBody, secondBody, thirdBody])) {
    expect(bytes.equals(whole)).toBe(true);
  }
  expect(mirror.stats.snapshot().bytesServed).toBe(3 * SIZE);

  // In place: from the cache, a hit as before.
  await vi.waitFor(() => expect(mirror.activePulls).toBe(0));
  const fourth = await get();
  expect((await body(fourth)).equals(whole)).toBe(true);
  expect(mirror.stats.snapshot()).toMatchObject({
    requests: { hit: 2, miss: 1, partial: 1, unavailable: 0 },
    bytesServed: 4 * SIZE,
    hitRatio: 0.5,
  });
});

it("counts the bytes a joined pull had on disk for another client as from the cache, none of its starter's", async () => {
  const { mirror, rest, wrote, commit } = await heldMirror('cache-by-byte');
  const get = (client: string, range?: string) =>
    askService(mirror, '/org/joined/resolve/main/w.bin', { client, ...(range && { range }) });
  const half = Math.floor(SIZE / 2);

  // Client a starts the pull; its first half lands. Client b joins: that half was fetched for a, so b gets it from
  // the cache, and the rest, which arrives after b asked, from the upstream. a's own later range, on disk already,
  // was fetched for a: not from the cache.
  const a = await get('a');
  const aBody = body(a);
  const b = await get('b');
  const bBody = body(b);
  const again = await get('a', 'bytes=0-99');
  expect([a.status, b.status, again.status]).toEqual([200, 200, 206]);
  expect((await body(again)).length).toBe(100);
  rest.open();
  await wrote.opened;
  commit.open();
  await Promise.all([aBody, bBody]);
  expect(mirror.stats.snapshot()).toMatchObject({
    requests: { hit: 0, miss: 1, partial: 2, unavailable: 0 },
    bytesServed: 2 * SIZE + 100,
    bytesFromCache: half,
  });
});
