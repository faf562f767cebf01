import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDirMarkerPath, readLocalDirMarker, writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { isNotWritable } from '../errors.js';
import { checkFilesOnDisk, finishDownload, markLocalDirStarted } from './finish-download.js';
import type { DownloadPlan, PlannedFile } from './types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-finish-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function planned(path: string, size: number): PlannedFile {
  return {
    path,
    size,
    blobId: 'a'.repeat(40),
    algorithm: 'git-sha1',
    finalPath: join(dir, path),
    present: false,
    partialBytes: 0,
  };
}

describe('checkFilesOnDisk', () => {
  it('passes when every planned file is there with its size (many files at once)', async () => {
    const files = Array.from({ length: 150 }, (_, index) => planned(`f${index}`, index));
    for (const file of files) await writeFile(file.finalPath, Buffer.alloc(file.size));
    await expect(checkFilesOnDisk({ files })).resolves.toBeUndefined();
  });

  it('reports the first missing or wrong-sized file in plan order', async () => {
    const files = Array.from({ length: 100 }, (_, index) => planned(`f${index}`, 10));
    for (const file of files) await writeFile(file.finalPath, Buffer.alloc(10));
    await rm(files[70]!.finalPath);
    await writeFile(files[40]!.finalPath, Buffer.alloc(9));
    await expect(checkFilesOnDisk({ files })).rejects.toMatchObject({
      code: 'SIZE_MISMATCH',
      message: 'f40 has 9 bytes on disk, expected 10',
    });
    await writeFile(files[40]!.finalPath, Buffer.alloc(10));
    await expect(checkFilesOnDisk({ files })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: 'f70 is missing after the download',
    });
  });
});

describe('finishDownload in a local dir', () => {
  const commit = 'c'.repeat(40);
  const plan = (files: PlannedFile[]) =>
    ({
      files,
      request: { repo: { repoId: 'org/model', repoType: 'model' } },
      revision: 'main',
      commit,
      destination: { kind: 'local', localDir: dir },
    }) as unknown as DownloadPlan;

  it('writes the marker once: a folder that already has this very marker is not written to', async () => {
    const file = planned('config.json', 3);
    await writeFile(file.finalPath, 'abc');
    await finishDownload(plan([file]));
    const marker = localDirMarkerPath(dir);
    expect(JSON.parse(await readFile(marker, 'utf8'))).toEqual({
      repoId: 'org/model',
      repoType: 'model',
      revision: 'main',
      commit,
    });
    const before = await stat(marker);
    await finishDownload(plan([file]));
    // replaceFile writes a temp file and renames it: a rewrite would be another inode.
    expect((await stat(marker)).ino).toBe(before.ino);
  });

  it('names the repo before the first byte (unfinished), and a marker already there stays until the end', async () => {
    const file = planned('config.json', 3);
    await markLocalDirStarted(plan([file]));
    const started = { repoId: 'org/model', repoType: 'model', revision: 'main', commit };
    expect(await readLocalDirMarker(dir)).toEqual({ ...started, unfinished: true });
    await writeFile(file.finalPath, 'abc');
    await finishDownload(plan([file]));
    expect(await readLocalDirMarker(dir)).toEqual(started);
    // Another repo's download into a folder that names one: the marker says what the folder holds.
    const other = { repoId: 'org/other', repoType: 'model' } as const;
    await writeLocalDirMarker(dir, other);
    await markLocalDirStarted(plan([file]));
    expect(await readLocalDirMarker(dir)).toEqual(other);
  });

  it('names the folder it could not write the marker into, quoted when its path holds a space', async () => {
    const spaced = join(dir, 'my models');
    // A folder where the marker file goes: writing it fails, and not for want of permission.
    await mkdir(join(localDirMarkerPath(spaced), 'x'), { recursive: true });
    const into = {
      ...plan([planned('a.bin', 1)]),
      destination: { kind: 'local', localDir: spaced },
    } as DownloadPlan;
    await expect(markLocalDirStarted(into)).rejects.toThrow(
      `Could not write the hubget marker into '${spaced}' (`,
    );
  });

  it('takes a folder that refuses writes for a complete download, and any other failure for an error', () => {
    for (const code of ['EACCES', 'EPERM', 'EROFS']) expect(isNotWritable({ code })).toBe(true);
    for (const code of ['ENOSPC', 'EIO', 'ENOTDIR']) expect(isNotWritable({ code })).toBe(false);
  });
});
