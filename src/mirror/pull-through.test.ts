/**
 * What the fetches of this process tell the blobs being pulled (the jobs service's WrittenRanges, through the
 * fetcher): each range written, and a temp file emptied to be written again, reach the blob whose temp files
 * they are, so its readers are served the new bytes or cut (in-flight-blob.ts, blob-stream.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { blobPath, cacheRepoLayout } from '../cache/cache-layout.js';
import { HubgetError } from '../errors.js';
import { WrittenRanges } from '../jobs/written-ranges.js';
import { PullThrough } from './pull-through.js';

const SHA = 'a'.repeat(64);
const FILE = { path: 'model.bin', size: 1024, oid: 'b'.repeat(40), lfs: { oid: SHA, size: 1024 } };
const REPO = { repoId: 'org/pulled', repoType: 'model' as const };
const CHANGED = new HubgetError('CONTENT_CHANGED', 'model.bin changed on the server');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-pull-through-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("passes the writes and the restarts of a pull's temp file to the blob being pulled", async () => {
  const ranges = new WrittenRanges();
  let finish!: () => void;
  const fetched = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const pull = new PullThrough({
    fetcher: {
      fetch: () => fetched,
      observeWrites: (listener) => ranges.observe(listener),
      observeRestarts: (listener) => ranges.observeRestarts(listener),
    },
    pollMs: 3_600_000,
  });
  const layout = cacheRepoLayout(join(dir, 'cache'), REPO);
  const source = await pull.source(layout, REPO, 'c'.repeat(40), FILE);
  if (source.kind !== 'pulling') throw new Error('expected a pull');
  const tempPath = `${blobPath(layout, SHA)}.0123abcd.incomplete`;
  ranges.notify(tempPath, 0, 512);
  const first = source.blob.attempt;
  expect(await source.blob.next(0)).toMatchObject({ path: tempPath, until: 512 });
  // Another blob's temp file is not this one's business.
  ranges.notifyRestart(`${blobPath(layout, 'd'.repeat(64))}.0123abcd.incomplete`, CHANGED);
  expect(source.blob.attempt).toBe(first);
  // The engine empties this one to start over: the blob forgets its bytes and counts a new attempt.
  ranges.notifyRestart(tempPath, CHANGED);
  expect(source.blob.attempt).toBe(first + 1);
  await expect(source.blob.next(0, undefined, first)).rejects.toThrow('started the file over');
  finish();
});
