import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDirectoryAt, pathExists } from './path-kind.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-path-kind-'));
  mkdirSync(join(root, 'folder'));
  writeFileSync(join(root, 'file'), 'x');
  symlinkSync('folder', join(root, 'link-to-folder'));
  symlinkSync('missing', join(root, 'dangling'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('path kind', () => {
  it('says what is there, following symlinks unless told not to', async () => {
    expect(await pathExists(join(root, 'file'))).toBe(true);
    expect(await pathExists(join(root, 'missing'))).toBe(false);
    expect(await isDirectoryAt(join(root, 'folder'))).toBe(true);
    expect(await isDirectoryAt(join(root, 'file'))).toBe(false);
    expect(await isDirectoryAt(join(root, 'link-to-folder'))).toBe(true);
    expect(await isDirectoryAt(join(root, 'link-to-folder'), { followLinks: false })).toBe(false);
  });

  it('tells a dangling symlink apart by the rule asked for', async () => {
    expect(await pathExists(join(root, 'dangling'))).toBe(false);
    expect(await pathExists(join(root, 'dangling'), { followLinks: false })).toBe(true);
  });
});
