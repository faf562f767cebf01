/** The refusals of a local-dir deletion name the folder as every path is named: quoted when it holds a space. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDownloadFolderDeletion, planLocalDirDeletion } from './delete-local-dir.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hubget-delete-local-dir-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('refusing to delete a local dir', () => {
  it('quotes a folder with a space in what it says', async () => {
    const missing = join(base, 'my models');
    await expect(planDownloadFolderDeletion(missing)).rejects.toThrow(`No folder '${missing}'`);
    const file = join(base, 'a file');
    await writeFile(file, 'x');
    await expect(planDownloadFolderDeletion(file)).rejects.toThrow(`'${file}' is not a folder`);
    const plain = join(base, 'my dir');
    await mkdir(plain);
    await expect(planDownloadFolderDeletion(plain)).rejects.toThrow(
      `'${plain}' does not look like a model download`,
    );
    await expect(planLocalDirDeletion(base, 'no such')).rejects.toThrow(
      `No folder 'no such' in the models dir`,
    );
  });
});
