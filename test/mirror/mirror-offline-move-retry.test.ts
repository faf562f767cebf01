/**
 * `--mirror-offline` and a paused pull whose temp file has every byte (docs/mirror-offline.md): the mirror hashes it,
 * finds the listed file and moves it into place; when that move fails (a folder in the way at the blob's path) the
 * file is served from the temp file and the move is tried again at the next request for it, whatever its range (the
 * check's verdict stands: no hash again). The first failed try is a warning in the server log, a repeat with the same
 * cause a debug line (before, each was a warning), the try that succeeds after them one info line, and the paused
 * pull's job completes. Before, this process never tried the move again: only the
 * next server, after hashing the file again, did. The test hub stays up and hears no request from the offline mirror;
 * loopback only.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { TestHub } from '../hub/test-hub.js';
import { KeptTemp, pullJob, readThenPauseAnyway, until } from './kept-paused-pull.js';
import { type MirrorHarness, readUntilCut, startMirror } from './mirror-harness.js';
import { BIG, MIRROR_TOKEN, startPausedPullHub } from './paused-pull-hub.js';

const REPO = 'org/moveagain';
let hub: TestHub;
let dir: string | undefined;
let mirror: MirrorHarness | undefined;
let content: Buffer;
/** The server's log lines (info and up). */
const logLines: string[] = [];

beforeAll(async () => {
  ({ hub, content } = await startPausedPullHub(REPO));
}, 60_000);

afterAll(async () => {
  await mirror?.server.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(offline: boolean): Promise<void> {
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  mirror = await startMirror({
    hub,
    token: MIRROR_TOKEN,
    offline,
    logStream,
    logLevel: 'debug',
    ...(dir === undefined ? {} : { dir }),
  });
  dir = mirror.dir;
}

const get = (range?: string) =>
  fetch(`${mirror!.mirrorUrl}/${REPO}/resolve/main/big.bin`, {
    ...(range ? { headers: { range } } : {}),
    signal: AbortSignal.timeout(20_000),
  });
/** The log's lines (parsed) whose message says `words`. */
const logged = (words: string) =>
  logLines.filter((line) => line.includes(words)).map((line) => JSON.parse(line) as Record<string, unknown>);

it('moves a verified file into place at the next request after a move that failed, and logs both', async () => {
  await start(false);
  const blobsDir = join(mirror!.cacheDir, 'models--org--moveagain', 'blobs');
  const kept = new KeptTemp(blobsDir, BIG);
  await readThenPauseAnyway(mirror!, REPO, 'big.bin', content);
  await mirror!.server.close();
  // Every byte on disk, and a folder squatting the blob's path: the rename of the verified temp file fails.
  await kept.write(content, true, join(mirror!.cacheDir, 'models--org--moveagain', 'snapshots'), 'big.bin');
  const blob = join(blobsDir, createHash('sha256').update(content).digest('hex'));
  await mkdir(blob);
  await writeFile(join(blob, 'squatter'), 'x');
  await start(true);
  const heardBefore = hub.requests.length;

  const whole = await get();
  expect(whole.status).toBe(200);
  const got = await readUntilCut(whole.body!.getReader());
  expect({ cut: got.cut, length: got.bytes.length }).toEqual({ cut: false, length: BIG });
  const notMoved = 'could not be moved into the cache';
  await vi.waitFor(() => expect(logged(notMoved)).toHaveLength(1), { timeout: 5000 });
  expect(logged(notMoved)[0]).toMatchObject({ level: 40, try: 1 });
  expect(await kept.placed()).toBe(false);
  expect(pullJob(mirror!, REPO, 'big.bin')?.state).toBe('paused');

  // Asked again (a range short of the file's end), the folder still there: each request tries the move again and it
  // fails for the same cause, a debug line each, not a warning each (a client asking every second flooded the log).
  for (const tries of [2, 3]) {
    const again = await get('bytes=0-99');
    expect(again.status).toBe(206);
    expect(Buffer.from(await again.arrayBuffer()).equals(content.subarray(0, 100))).toBe(true);
    await vi.waitFor(() => expect(logged(notMoved)).toHaveLength(tries), { timeout: 5000 });
  }
  expect(logged(notMoved).map(({ level, try: tries }) => ({ level, try: tries }))).toEqual([
    { level: 40, try: 1 },
    { level: 20, try: 2 },
    { level: 20, try: 3 },
  ]);
  expect(await kept.placed()).toBe(false);

  // The folder goes; the next request has the move tried again, and it succeeds: one info line.
  await rm(blob, { recursive: true });
  const range = await get('bytes=0-99');
  expect(range.status).toBe(206);
  expect(Buffer.from(await range.arrayBuffer()).equals(content.subarray(0, 100))).toBe(true);
  // The job completes once the file is in place (after the move): waited on, then the move checked.
  await until(() => pullJob(mirror!, REPO, 'big.bin')?.state !== 'paused');
  expect(pullJob(mirror!, REPO, 'big.bin')?.state).toBe('completed');
  expect(await kept.placed()).toBe(true);
  expect(logged('was moved into the cache at try')).toEqual([
    expect.objectContaining({
      level: 30,
      try: 4,
      msg: 'mirror: big.bin of org/moveagain was moved into the cache at try 4, the earlier ones having failed',
    }),
  ]);
  expect(logged(notMoved)).toHaveLength(3);
  expect(logged('could not be completed')).toEqual([]);

  // From the cache from now on.
  const again = await get();
  expect(Buffer.from(await again.arrayBuffer()).equals(content)).toBe(true);
  expect(hub.requests.slice(heardBefore)).toEqual([]);
}, 60_000);
