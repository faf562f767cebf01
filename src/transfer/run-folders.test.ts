import { mkdtemp, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunFolders } from './run-folders.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hubget-run-folders-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('RunFolders', () => {
  it('creates a folder once per run (a folder removed meanwhile is not made again)', async () => {
    const folders = new RunFolders();
    const folder = join(root, 'a', 'b');
    await folders.ensure(folder);
    expect(await readdir(join(root, 'a'))).toEqual(['b']);
    await rmdir(folder);
    await folders.ensure(folder);
    expect(await readdir(join(root, 'a'))).toEqual([]);
  });

  it('does not memoise a failed mkdir', async () => {
    const folders = new RunFolders();
    await writeFile(join(root, 'file'), '');
    await expect(folders.ensure(join(root, 'file', 'sub'))).rejects.toThrow();
    await rm(join(root, 'file'));
    await folders.ensure(join(root, 'file', 'sub'));
    expect(await readdir(join(root, 'file'))).toEqual(['sub']);
  });

  it('answers from the first listing of a folder: only prefixes with entries may have temp files', async () => {
    const folders = new RunFolders();
    await writeFile(join(root, 'abc.1234abcd.incomplete'), '');
    expect(await folders.mayHaveTemps(join(root, 'abc'))).toBe(true);
    expect(await folders.mayHaveTemps(join(root, 'ab'))).toBe(false);
    // Written after the first look: not seen (the caller then uses the full lookup only when it must).
    await writeFile(join(root, 'def.1234abcd.incomplete'), '');
    expect(await folders.mayHaveTemps(join(root, 'def'))).toBe(false);
    expect(await new RunFolders().mayHaveTemps(join(root, 'def'))).toBe(true);
  });

  it('matches a prefix up to any dot of a name, never a longer or partial one', async () => {
    await writeFile(join(root, 'model.safetensors.0badcafe.incomplete'), '');
    const folders = new RunFolders();
    expect(await folders.mayHaveTemps(join(root, 'model.safetensors'))).toBe(true);
    expect(await folders.mayHaveTemps(join(root, 'model'))).toBe(true);
    expect(await folders.mayHaveTemps(join(root, 'model.safe'))).toBe(false);
    expect(await folders.mayHaveTemps(join(root, 'model.safetensors.0badcafe.incomplete'))).toBe(false);
    expect(await folders.mayHaveTemps(join(root, 'mode'))).toBe(false);
  });

  it('treats a missing folder as empty and an unreadable one as "may have"', async () => {
    const folders = new RunFolders();
    expect(await folders.mayHaveTemps(join(root, 'missing', 'abc'))).toBe(false);
    await writeFile(join(root, 'not-a-folder'), '');
    expect(await folders.mayHaveTemps(join(root, 'not-a-folder', 'abc'))).toBe(true);
  });

  it('may a file exist: only names the first listing of its folder holds, exactly', async () => {
    const folders = new RunFolders();
    await writeFile(join(root, 'blob-a'), 'x');
    expect(await folders.mayExist(join(root, 'blob-a'))).toBe(true);
    expect(await folders.mayExist(join(root, 'blob'))).toBe(false);
    expect(await folders.mayExist(join(root, 'blob-a.1234abcd.incomplete'))).toBe(false);
    // The same listing answers both questions; written after the first look: not seen.
    await writeFile(join(root, 'blob-b'), 'x');
    expect(await folders.mayExist(join(root, 'blob-b'))).toBe(false);
    expect(await folders.mayHaveTemps(join(root, 'blob-b'))).toBe(false);
    // A missing folder holds nothing; an unreadable one may hold anything (the caller stats).
    expect(await folders.mayExist(join(root, 'missing', 'blob-a'))).toBe(false);
    await writeFile(join(root, 'not-a-folder'), '');
    expect(await folders.mayExist(join(root, 'not-a-folder', 'blob-a'))).toBe(true);
  });
});
