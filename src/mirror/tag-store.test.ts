import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRepoRef } from '../hub/repo-id.js';
import { TagStore } from './tag-store.js';

const repo = parseRepoRef('org/model');

describe('TagStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-tags-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the tag names for another instance to read', async () => {
    await new TagStore({ dir }).record(repo, ['v2.0', 'v1.0']);
    expect([...(await new TagStore({ dir }).tags(repo))]).toEqual(['v1.0', 'v2.0']);
  });

  it('knows no tags of a repo never recorded or of an unreadable record', async () => {
    const store = new TagStore({ dir });
    expect([...(await store.tags(repo))]).toEqual([]);
    await writeFile(join(dir, 'models--org--model.json'), 'not json');
    expect([...(await store.tags(repo))]).toEqual([]);
    await writeFile(join(dir, 'models--org--model.json'), '{"tags":["v1",3]}');
    expect([...(await store.tags(repo))]).toEqual(['v1']);
  });

  it('never throws when it cannot write', async () => {
    await writeFile(join(dir, 'blocked'), 'a file where the folder should be');
    const store = new TagStore({ dir: join(dir, 'blocked', 'tags') });
    await expect(store.record(repo, ['v1'])).resolves.toBeUndefined();
    expect([...(await store.tags(repo))]).toEqual([]);
  });
});
