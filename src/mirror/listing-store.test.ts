import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRepoRef } from '../hub/repo-id.js';
import { ListingStore } from './listing-store.js';

const COMMIT = 'c'.repeat(40);
const repo = parseRepoRef('org/model');
const file = (path: string) => ({ path, size: 1, oid: 'a'.repeat(40) });

describe('ListingStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-listings-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the paths a commit lists, for another instance to read', async () => {
    await new ListingStore({ dir }).save(repo, COMMIT, [file('b/model.bin'), file('config.json')]);
    const read = await new ListingStore({ dir }).paths(repo, COMMIT);
    expect([...(read ?? [])]).toEqual(['b/model.bin', 'config.json']);
    expect(await readdir(join(dir, 'models--org--model'))).toEqual([`${COMMIT}.json`]);
  });

  it('knows nothing of a commit never listed, a short hash, or an unreadable file', async () => {
    const store = new ListingStore({ dir });
    expect(await store.paths(repo, COMMIT)).toBeUndefined();
    await store.save(repo, 'main', [file('x')]);
    await store.save(repo, '../../escape', [file('x')]);
    expect(await readdir(dir)).toEqual([]);
    await new ListingStore({ dir }).save(repo, COMMIT, [file('x')]);
    await writeFile(join(dir, 'models--org--model', `${COMMIT}.json`), '{"not":"a list"}');
    expect(await store.paths(repo, COMMIT)).toBeUndefined();
  });

  it('never throws when it cannot write', async () => {
    await writeFile(join(dir, 'blocked'), 'a file where the folder should be');
    const store = new ListingStore({ dir: join(dir, 'blocked') });
    await expect(store.save(repo, COMMIT, [file('x')])).resolves.toBeUndefined();
    expect(await store.paths(repo, COMMIT)).toBeUndefined();
  });
});
