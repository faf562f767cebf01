import { describe, expect, it } from 'vitest';
import type { RepoFile } from '../hub/index.js';
import { lastCommitOf, pathsInfoBody, pathsInfoJson, treeJson } from './hub-json.js';

const COMMIT = 'a'.repeat(40);
const FILES: RepoFile[] = [
  { path: 'config.json', size: 2, oid: 'b'.repeat(40) },
  { path: 'weights/model.bin', size: 9, oid: 'c'.repeat(40), lfs: { oid: 'd'.repeat(64), size: 9 } },
];

describe('paths-info bodies', () => {
  it('reads `expand` as JS sends it (JSON) and as huggingface_hub does (a form, `True` or `true`)', () => {
    const json = (body: object) => pathsInfoBody(Buffer.from(JSON.stringify(body)), 'application/json');
    expect(json({ paths: ['a'], expand: true })).toEqual({ paths: ['a'], expand: true });
    expect(json({ paths: 'a' })).toEqual({ paths: ['a'], expand: false });
    const form = (text: string) => pathsInfoBody(Buffer.from(text), 'application/x-www-form-urlencoded');
    expect(form('paths=a&paths=b&expand=True')).toEqual({ paths: ['a', 'b'], expand: true });
    expect(form('paths=a&expand=true')).toEqual({ paths: ['a'], expand: true });
    expect(form('paths=a&expand=False')).toEqual({ paths: ['a'], expand: false });
  });
});

describe('lastCommit of the answers built from the cache', () => {
  it('is on every file and directory entry when given, with the three fields clients read', () => {
    const lastCommit = lastCommitOf(COMMIT);
    expect(lastCommit).toEqual({ id: COMMIT, title: '', date: '1970-01-01T00:00:00.000Z' });
    const tree = treeJson(FILES, '', true, lastCommit) ?? [];
    expect(tree.map((entry) => `${entry.type}:${entry.path}`)).toEqual([
      'file:config.json',
      'directory:weights',
      'file:weights/model.bin',
    ]);
    for (const entry of tree) expect(entry.lastCommit).toEqual(lastCommit);
    const map = new Map(FILES.map((file) => [file.path, file]));
    const info = pathsInfoJson(map, ['weights', 'weights/model.bin'], lastCommit);
    expect(info.map((entry) => entry.lastCommit?.id)).toEqual([COMMIT, COMMIT]);
  });

  it('is absent when not given (no `expand`), as the Hub leaves it out', () => {
    for (const entry of treeJson(FILES, '', true) ?? []) expect(entry).not.toHaveProperty('lastCommit');
    const map = new Map(FILES.map((file) => [file.path, file]));
    expect(pathsInfoJson(map, ['config.json'])[0]).not.toHaveProperty('lastCommit');
  });
});
