/**
 * deleteTogether's order and its failures: what went before a failure is said with it (a set is carried out in
 * order, and what is gone cannot come back), a download in one of them refuses them all before any goes, and a
 * preview carries nothing out.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { type DeletionFigures, deleteTogether, type PlannedModelDeletion } from './models-deletion.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-models-deletion-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A planned deletion of a folder of `dir` (no download there) whose removal answers or throws `outcome`. */
function planned(name: string, outcome: DeletionFigures | Error, removed: string[]): PlannedModelDeletion {
  const figures = outcome instanceof Error ? { freedBytes: 1, partialBytes: 0, deletedPaths: [] } : outcome;
  return {
    key: `local:${name}`,
    name,
    what: `Folder ${name}`,
    place: { kind: 'local', localDir: join(dir, name) },
    planned: figures,
    sharedBlobs: [],
    remove: async () => {
      if (outcome instanceof Error) throw outcome;
      removed.push(name);
      return outcome;
    },
  };
}

const freed = (bytes: number): DeletionFigures => ({ freedBytes: bytes, partialBytes: 0, deletedPaths: [] });

describe('deleteTogether', () => {
  it('carries nothing out for a preview', async () => {
    const removed: string[] = [];
    const answer = await deleteTogether(
      [planned('a', freed(10), removed), planned('b', freed(5), removed)],
      false,
    );
    expect(removed).toEqual([]);
    expect(answer.freedBytes).toBe(15);
  });

  it('says what went before a failure, with the failure’s code and message', async () => {
    const removed: string[] = [];
    const failure = new HubgetError('IO_ERROR', 'Could not delete 1 path: c: EACCES');
    const set = [
      planned('a', freed(1000), removed),
      planned('b', freed(24), removed),
      planned('c', failure, removed),
    ];
    const error = await deleteTogether(set, true).catch((caught: unknown) => caught);
    expect(removed).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(HubgetError);
    expect(error).toMatchObject({
      code: 'IO_ERROR',
      message: 'Deleted a, b (freed 1.02 kB), then stopped at c: Could not delete 1 path: c: EACCES',
      details: { deleted: ['local:a', 'local:b'] },
    });
  });

  it('deletes none while another program downloads into one of them (IN_USE naming it), preview or not', async () => {
    // Another program's temp file, just written, in the second one's folder.
    const download = join(dir, 'busy', '.cache', 'huggingface', 'download');
    await mkdir(download, { recursive: true });
    await writeFile(join(download, 'model.bin.incomplete'), 'x');
    const removed: string[] = [];
    const set = [planned('idle', freed(10), removed), planned('busy', freed(5), removed)];
    for (const execute of [false, true]) {
      await expect(deleteTogether(set, execute)).rejects.toMatchObject({
        code: 'IN_USE',
        message: expect.stringMatching(/^Folder busy is being downloaded/),
      });
    }
    expect(removed).toEqual([]);
  });

  it('passes a failure of the first on as it is: nothing went', async () => {
    const failure = new HubgetError('IO_ERROR', 'Could not delete 1 path');
    const error = await deleteTogether([planned('a', failure, [])], true).catch((caught: unknown) => caught);
    expect(error).toBe(failure);
  });
});
