import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletionError } from './deleted-files.js';
import type { DownloadPlan } from './types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget deleted-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const planInto = (localDir: string) =>
  ({
    request: { repo: { repoId: 'org/model', repoType: 'model' } },
    destination: { kind: 'local', localDir },
  }) as unknown as DownloadPlan;

describe('deletionError', () => {
  it('quotes the folder gone when its path holds a space, as every path hubget prints', async () => {
    const localDir = join(dir, 'my models');
    const temp = join(localDir, '.cache', 'huggingface', 'download', 'a.incomplete');
    const rootGone = await deletionError(planInto(localDir), 'a.bin', temp);
    expect(rootGone.message).toBe(`The download's folder '${localDir}' was deleted while it ran`);
    await mkdir(localDir);
    const inside = await deletionError(planInto(localDir), 'a.bin', temp);
    expect(inside.message).toBe(
      `The folder '${join(localDir, '.cache')}' of the download was deleted while it ran`,
    );
  });
});
