import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  blobPath,
  type CacheRepoLayout,
  cacheRepoLayout,
  refPath,
  relativeBlobTarget,
  snapshotFilePath,
} from '../cache/cache-layout.js';
import type { RepoFile } from '../hub/index.js';
import { storedAt } from './snapshot-link.js';

const COMMIT = 'c'.repeat(40);
const FILE: RepoFile = { path: 'config.json', size: 2, oid: 'a'.repeat(40) };
const T = Date.parse('2026-12-06T00:00:00Z');

let dir: string;
let layout: CacheRepoLayout;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-stored-at-'));
  layout = cacheRepoLayout(dir, { repoId: 'org/x', repoType: 'model' });
});

afterEach(() => rm(dir, { recursive: true, force: true }));

async function place(path: string, content: string, ms: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  await utimes(path, ms / 1000, ms / 1000);
}

it('is undefined while the cache lacks the blob (or holds another size of it)', async () => {
  expect(await storedAt(layout, 'main', COMMIT, FILE)).toBeUndefined();
  await place(blobPath(layout, FILE.oid), 'x', T);
  expect(await storedAt(layout, 'main', COMMIT, FILE)).toBeUndefined();
});

it('is the latest of the blob, its snapshot link and, for a branch, its ref', async () => {
  await place(blobPath(layout, FILE.oid), '{}', T);
  expect(await storedAt(layout, COMMIT, COMMIT, FILE)).toBe(T);
  const link = snapshotFilePath(layout, COMMIT, FILE.path);
  await mkdir(dirname(link), { recursive: true });
  await symlink(relativeBlobTarget(FILE.path, FILE.oid), link);
  const linked = await storedAt(layout, COMMIT, COMMIT, FILE);
  expect(linked).toBeGreaterThan(T);
  // `main` moved to this commit a day later than anything else was stored: the file is modified since then.
  const moved = Math.ceil(linked! / 1000) * 1000 + 86_400_000;
  await place(refPath(layout, 'main'), COMMIT, moved);
  expect(await storedAt(layout, 'main', COMMIT, FILE)).toBe(moved);
  // By commit, or by a name with no ref, the ref plays no part.
  expect(await storedAt(layout, COMMIT, COMMIT, FILE)).toBe(linked);
  expect(await storedAt(layout, 'v1', COMMIT, FILE)).toBe(linked);
});
