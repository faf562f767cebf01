import { chmod, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectory, makeDirectorySync } from './make-directory.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-mkdir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const both = [
  ['async', (path: string, mode?: number) => makeDirectory(path, mode === undefined ? {} : { mode })],
  [
    'sync',
    async (path: string, mode?: number) => makeDirectorySync(path, mode === undefined ? {} : { mode }),
  ],
] as const;

describe.each(both)('makeDirectory (%s)', (_name, make) => {
  it('creates missing parents, and is content with a folder that exists', async () => {
    const deep = join(dir, 'a', 'b', 'c');
    await make(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await make(deep);
    await make(dir);
  });

  it('applies the mode to the folders it creates', async () => {
    await make(join(dir, 'private', 'inner'), 0o700);
    expect((await stat(join(dir, 'private'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'private', 'inner'))).mode & 0o777).toBe(0o700);
  });

  it('says when a file is in the way', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(make(join(dir, 'file'))).rejects.toMatchObject({
      code: 'ENOTDIR',
      message: expect.stringContaining('a file of that name is in the way'),
    });
    // A file further up the path (HF_HUB_CACHE set to a file): the message names it.
    await expect(make(join(dir, 'file', 'below', 'deeper'))).rejects.toMatchObject({
      code: 'ENOTDIR',
      path: join(dir, 'file', 'below', 'deeper'),
      message: `Cannot create the folder ${join(dir, 'file', 'below', 'deeper')} — ${join(dir, 'file')} is a file, not a folder`,
    });
  });

  it('ends with a clear error under a dangling symlink (where Node’s recursive mkdir spins forever)', async () => {
    await symlink(join(dir, 'unmounted-disk'), join(dir, 'models'));
    await expect(make(join(dir, 'models'))).rejects.toMatchObject({
      code: 'ENOENT',
      syscall: 'mkdir',
      path: join(dir, 'models'),
      message: expect.stringContaining('symbolic link to a missing target'),
    });
    await expect(make(join(dir, 'models', 'org', 'name'))).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringContaining('symbolic link to a missing target'),
    });
  });

  it('ends with a clear error on a virtual file system (/proc)', async () => {
    await expect(make('/proc/hubget-test/sub')).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringMatching(
        /Cannot create the folder \/proc\/hubget-test — \/proc exists but takes no new entries/,
      ),
    });
  });

  it('with parents: false creates only the folder itself, and says which parent is missing', async () => {
    const only = async (path: string) =>
      _name === 'async'
        ? makeDirectory(path, { parents: false })
        : makeDirectorySync(path, { parents: false });
    await only(join(dir, 'last'));
    expect((await stat(join(dir, 'last'))).isDirectory()).toBe(true);
    await only(join(dir, 'last'));
    await expect(only(join(dir, 'missing', 'deep'))).rejects.toMatchObject({
      code: 'ENOENT',
      path: join(dir, 'missing', 'deep'),
      message: `Cannot create the folder ${join(dir, 'missing', 'deep')} — ${join(dir, 'missing')} does not exist`,
    });
    await expect(stat(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    // A path with a space is quoted (shell-word.ts); the error's `path` stays raw.
    await expect(only(join(dir, 'my models', 'deep'))).rejects.toMatchObject({
      path: join(dir, 'my models', 'deep'),
      message: `Cannot create the folder '${join(dir, 'my models', 'deep')}' — '${join(dir, 'my models')}' does not exist`,
    });
  });

  it('says in words why a folder refuses a new entry (permission, a read-only file system), with its code', async () => {
    // /sys takes no new folder, even from root: EPERM here, EROFS where it is mounted read-only.
    await expect(make('/sys/hubget-test/sub')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EPERM|EACCES|EROFS)$/),
      path: '/sys/hubget-test',
      message: expect.stringMatching(
        /^Cannot create the folder \/sys\/hubget-test — (no permission to create it in \/sys|\/sys is on a read-only file system)$/,
      ),
    });
    if (process.getuid?.() === 0) return; // root writes anywhere else
    await chmod(dir, 0o500);
    await expect(make(join(dir, 'x'))).rejects.toMatchObject({
      code: 'EACCES',
      message: `Cannot create the folder ${join(dir, 'x')} — no permission to create it in ${dir}`,
    });
  });
});
