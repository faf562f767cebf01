import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDownloadDir, shortHashOfPath } from './local-dir-layout.js';
import { readLocalDirRecords } from './local-dir-records.js';
import { unfinishedInCachedRepo, unfinishedInLocalDir } from './unfinished-downloads.js';

const blob = (n: number) => n.toString(16).padStart(64, '0');
const sha1 = (n: number) => n.toString(16).padStart(40, '0');

function file(path: string, content = 'x'): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-unfinished-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('unfinishedInCachedRepo', () => {
  it('counts temp files of any downloader whose blob is not there', async () => {
    const blobs = join(root, 'models--org--m', 'blobs');
    file(join(blobs, blob(1)));
    file(join(blobs, `${blob(2)}.0badc0de.incomplete`), 'partial'); // hubget / huggingface_hub >= 1.18
    file(join(blobs, `${blob(2)}.0badc0de.incomplete.hubget-ranges`)); // its resume map: not a file of the repo
    file(join(blobs, `${sha1(3)}.incomplete`)); // huggingface_hub <= 1.17, the JS client
    file(join(blobs, 'stray.incomplete')); // a name without an etag
    expect(await unfinishedInCachedRepo(join(root, 'models--org--m'))).toEqual({
      files: 3,
      bytes: 7 + 1 + 1,
    });
  });

  it('counts what a sized temp file holds on disk, not its length (`du`)', async () => {
    const temp = join(root, 'models--org--m', 'blobs', `${blob(2)}.0badc0de.incomplete`);
    file(temp, 'x'.repeat(8192));
    truncateSync(temp, 64 << 20); // hubget sizes its temp file to the whole file's length
    const { files, bytes } = await unfinishedInCachedRepo(join(root, 'models--org--m'));
    expect(files).toBe(1);
    expect(bytes).toBeGreaterThanOrEqual(8192);
    expect(bytes).toBeLessThan(1 << 20);
  });

  it('does not count the left-over of an attempt a later one completed', async () => {
    const blobs = join(root, 'models--org--m', 'blobs');
    file(join(blobs, blob(1)));
    file(join(blobs, `${blob(1)}.12345678.incomplete`));
    file(join(blobs, `${blob(1)}.incomplete`));
    expect(await unfinishedInCachedRepo(join(root, 'models--org--m'))).toEqual({ files: 0, bytes: 0 });
    expect(await unfinishedInCachedRepo(join(root, 'missing'))).toEqual({ files: 0, bytes: 0 });
  });
});

describe('unfinishedInLocalDir', () => {
  const downloaded = (localDir: string, path: string, etag: string) => {
    file(join(localDir, path));
    file(join(localDownloadDir(localDir), `${path}.metadata`), `${sha1(9)}\n${etag}\n1700000000.0\n`);
  };

  it('counts temp files under the bookkeeping folder whose file is not downloaded with that etag', async () => {
    const dir = join(root, 'local');
    downloaded(dir, 'config.json', sha1(1));
    const download = localDownloadDir(dir);
    // Unfinished: weights never arrived (hashed name, >= 1.18 and 0.28-1.17), a sub-folder's file.
    file(join(download, `${shortHashOfPath('model.bin')}.${blob(2)}.0badc0de.incomplete`));
    file(join(download, 'sub', `${shortHashOfPath('sub/x.bin')}.${blob(3)}.incomplete`));
    // 0.23-0.27 shape, named after the file.
    file(join(download, `tokenizer.json.${sha1(4)}.incomplete`));
    expect(await unfinishedInLocalDir(dir, await readLocalDirRecords(dir))).toEqual({ files: 3, bytes: 3 });
  });

  it('does not count the left-over of a file that was downloaded since', async () => {
    const dir = join(root, 'local');
    downloaded(dir, 'model.bin', blob(2));
    downloaded(dir, 'tokenizer.json', sha1(4));
    const download = localDownloadDir(dir);
    file(join(download, `${shortHashOfPath('model.bin')}.${blob(2)}.0badc0de.incomplete`));
    file(join(download, `tokenizer.json.${sha1(4)}.incomplete`));
    // The same file at another etag (a newer commit) is still unfinished.
    file(join(download, `${shortHashOfPath('model.bin')}.${blob(7)}.12345678.incomplete`));
    expect(await unfinishedInLocalDir(dir, await readLocalDirRecords(dir))).toMatchObject({ files: 1 });
  });

  it("judges by the scan's records of the downloaded files, without reading .metadata again", async () => {
    const dir = join(root, 'local');
    const download = localDownloadDir(dir);
    file(join(download, 'sub', `${shortHashOfPath('sub/model.bin')}.${blob(2)}.0badc0de.incomplete`));
    file(join(download, `tokenizer.json.${sha1(4)}.incomplete`));
    const records = [
      { path: 'sub/model.bin', commit: sha1(9), etag: blob(2), bytes: 1, mtimeMs: 0 },
      { path: 'tokenizer.json', commit: sha1(9), etag: sha1(4), bytes: 1, mtimeMs: 0 },
    ];
    expect(await unfinishedInLocalDir(dir, records)).toMatchObject({ files: 0 });
    expect(await unfinishedInLocalDir(dir, [])).toMatchObject({ files: 2 });
  });
});
