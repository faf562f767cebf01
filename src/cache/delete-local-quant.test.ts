import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeLocalDirDownload } from '../../test/support/cache/local-dir-download.js';
import { rejection } from '../../test/support/rejection.js';
import {
  deleteQuantFromLocalDir,
  localQuantPlanChanged,
  planLocalQuantDeletion,
} from './delete-local-quant.js';

const SPLIT = [1, 2, 3].map((i) => `Q8_0/x-Q8_0-0000${i}-of-00003.gguf`);

describe('deleting one GGUF quantization from a local dir', () => {
  let root: string;
  let dir: string;
  const record = (path: string) => join(dir, '.cache', 'huggingface', 'download', `${path}.metadata`);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hubget-delete-local-quant-'));
    dir = join(root, 'x');
    writeLocalDirDownload(dir, 'x-Q4_K_M.gguf', 'q'.repeat(100));
    writeLocalDirDownload(dir, 'README.md', 'readme');
    writeLocalDirDownload(dir, 'mmproj-x-f16.gguf', 'm'.repeat(50));
    for (const path of SPLIT) writeLocalDirDownload(dir, path, 'p'.repeat(300));
    // A file of the user's own, no download wrote it: it stays, whatever its name.
    writeFileSync(join(dir, 'mine-Q8_0.gguf'), 'mine');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes every part of a split one with its records and the folders it empties; the rest stays', async () => {
    const plan = await planLocalQuantDeletion(dir, 'x', 'q8_0');
    expect(plan).toMatchObject({ quant: 'Q8_0', freedBytes: 900, remaining: ['Q4_K_M'], quantFiles: SPLIT });
    expect(plan.commits).toEqual(['c'.repeat(40)]);
    expect(plan.paths).toEqual([...SPLIT.map((path) => join(dir, path)), ...SPLIT.map(record)]);
    await deleteQuantFromLocalDir(plan);
    for (const path of plan.paths) expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, 'Q8_0'))).toBe(false);
    expect(existsSync(join(dir, '.cache', 'huggingface', 'download', 'Q8_0'))).toBe(false);
    for (const path of ['x-Q4_K_M.gguf', 'README.md', 'mmproj-x-f16.gguf', 'mine-Q8_0.gguf'])
      expect(existsSync(join(dir, path))).toBe(true);
    expect(existsSync(record('x-Q4_K_M.gguf'))).toBe(true);
    expect(existsSync(join(dir, '.cache', 'huggingface', 'download'))).toBe(true);
  });

  it('refuses a quantization the folder does not hold, listing those it does', async () => {
    const error = await rejection(planLocalQuantDeletion(dir, 'x', 'Q6_K'));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toBe('No quantization Q6_K in the local dir x; on disk: Q4_K_M, Q8_0');
  });

  it('sees a change between the confirmed plan and the one made before deleting', async () => {
    const confirmed = await planLocalQuantDeletion(dir, 'x', 'Q8_0');
    writeLocalDirDownload(dir, 'Q8_0/extra-Q8_0.gguf', 'e');
    expect(localQuantPlanChanged(confirmed, await planLocalQuantDeletion(dir, 'x', 'Q8_0'))).toBe(true);
    expect(localQuantPlanChanged(confirmed, confirmed)).toBe(false);
  });

  it('deletes nothing through a linked folder that leads out of the local dir', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'y-Q2_K.gguf'), 'keep');
    symlinkSync(outside, join(dir, 'linked'));
    const download = join(dir, '.cache', 'huggingface', 'download', 'linked');
    mkdirSync(download, { recursive: true });
    writeFileSync(
      join(download, 'y-Q2_K.gguf.metadata'),
      `${'c'.repeat(40)}\n${'e'.repeat(40)}\n1700000000.5\n`,
    );
    const plan = await planLocalQuantDeletion(dir, 'x', 'Q2_K');
    expect(await rejection(deleteQuantFromLocalDir(plan))).toMatchObject({ code: 'UNSAFE_PATH' });
    expect(existsSync(join(outside, 'y-Q2_K.gguf'))).toBe(true);
  });
});
