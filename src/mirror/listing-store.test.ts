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

  it('keeps what a commit lists, each file as listed, for another instance to read', async () => {
    const lfs = { path: 'b/model.bin', size: 5, oid: 'b'.repeat(40), lfs: { oid: 'e'.repeat(64), size: 5 } };
    const xet = { ...file('x.bin'), xetHash: 'f'.repeat(64) };
    await new ListingStore({ dir }).save(repo, COMMIT, [lfs, file('config.json'), xet]);
    const read = await new ListingStore({ dir }).listing(repo, COMMIT);
    expect([...(read?.paths ?? [])]).toEqual(['b/model.bin', 'config.json', 'x.bin']);
    expect(read?.files?.get('b/model.bin')).toEqual(lfs);
    expect(read?.files?.get('config.json')).toEqual(file('config.json'));
    expect(read?.files?.get('x.bin')).toEqual(xet);
    expect(await readdir(join(dir, 'models--org--model'))).toEqual([`${COMMIT}.json`]);
  });

  it('reads a listing an earlier hubget kept (paths alone) as paths without files', async () => {
    await new ListingStore({ dir }).save(repo, COMMIT, [file('x')]);
    await writeFile(join(dir, 'models--org--model', `${COMMIT}.json`), '["config.json","model.bin"]');
    const read = await new ListingStore({ dir }).listing(repo, COMMIT);
    expect([...(read?.paths ?? [])]).toEqual(['config.json', 'model.bin']);
    expect(read?.files).toBeUndefined();
  });

  it('knows nothing of a commit never listed, a short hash, or an unreadable file', async () => {
    const store = new ListingStore({ dir });
    expect(await store.listing(repo, COMMIT)).toBeUndefined();
    await store.save(repo, 'main', [file('x')]);
    await store.save(repo, '../../escape', [file('x')]);
    expect(await readdir(dir)).toEqual([]);
    await new ListingStore({ dir }).save(repo, COMMIT, [file('x')]);
    const kept = join(dir, 'models--org--model', `${COMMIT}.json`);
    for (const damaged of [
      '{"not":"a list"}',
      'not json',
      '[1, 2]',
      '{"files":[{"path":"x","size":-1,"oid":"a"}]}',
      '{"files":[{"path":"x","size":1}]}',
      '{"files":[{"path":"x","size":1,"oid":"a","lfs":{"size":1}}]}',
      '{"files":[null]}',
    ]) {
      await writeFile(kept, damaged);
      expect(await store.listing(repo, COMMIT), damaged).toBeUndefined();
    }
  });

  it('never throws when it cannot write', async () => {
    await writeFile(join(dir, 'blocked'), 'a file where the folder should be');
    const store = new ListingStore({ dir: join(dir, 'blocked') });
    await expect(store.save(repo, COMMIT, [file('x')])).resolves.toBeUndefined();
    expect(await store.listing(repo, COMMIT)).toBeUndefined();
  });
});
