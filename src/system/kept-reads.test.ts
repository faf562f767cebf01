/**
 * KeptReads: a read is kept while the path's stamp is unchanged, and read again once the file is rewritten in
 * place (same size), replaced, or a folder's entry comes or goes; a path changed within SETTLED_AFTER_MS of its
 * stat is read each time; at most `limit` paths are kept. Reads are counted by the reader, not timed.
 *
 * The clock the stamps are compared with runs an hour ahead (`LATER`), so what the test just made counts as
 * settled; and every file and folder is dated long ago first, so a change the test makes gets a new mtime even
 * within the file system's tick.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeptReads, type PathReader, SETTLED_AFTER_MS } from './kept-reads.js';

const LONG_AGO = new Date(Date.now() - 24 * 3_600_000);
const LATER = () => Date.now() + 3_600_000;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hubget-kept-reads-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** A reader that counts its reads. */
function counting<T>(kind: string, read: (path: string) => Promise<T>): PathReader<T> & { reads: number } {
  const reader = {
    kind,
    reads: 0,
    read: (path: string) => {
      reader.reads++;
      return read(path);
    },
  };
  return reader;
}

const text = () => counting('text', (path) => readFile(path, 'utf8'));
const listing = () => counting('listing', async (path) => (await readdir(path)).sort());

async function oldFile(name: string, content: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, content);
  await utimes(path, LONG_AGO, LONG_AGO);
  return path;
}

describe('KeptReads', () => {
  it('reads an unchanged file once', async () => {
    const reads = new KeptReads({ now: LATER });
    const reader = text();
    const path = await oldFile('a', 'one');
    expect(await reads.read(path, reader)).toBe('one');
    expect(await reads.read(path, reader)).toBe('one');
    expect(reader.reads).toBe(1);
  });

  it('reads a file rewritten in place with the same size again', async () => {
    const reads = new KeptReads({ now: LATER });
    const reader = text();
    const path = await oldFile('a', 'one');
    await reads.read(path, reader);
    await writeFile(path, 'two');
    expect(await reads.read(path, reader)).toBe('two');
    expect(reader.reads).toBe(2);
  });

  it('reads a file replaced by a rename again, even one dated as the old', async () => {
    const reads = new KeptReads({ now: LATER });
    const reader = text();
    const path = await oldFile('a', 'one');
    await reads.read(path, reader);
    await rename(await oldFile('b', 'two'), path);
    expect(await reads.read(path, reader)).toBe('two');
  });

  it('lists a folder again once an entry came or went, not while none did', async () => {
    const reads = new KeptReads({ now: LATER });
    const reader = listing();
    await oldFile('a', 'x');
    await utimes(root, LONG_AGO, LONG_AGO);
    expect(await reads.read(root, reader)).toEqual(['a']);
    expect(await reads.read(root, reader)).toEqual(['a']);
    expect(reader.reads).toBe(1);
    await mkdir(join(root, 'new'));
    expect(await reads.read(root, reader)).toEqual(['a', 'new']);
    await utimes(root, LONG_AGO, LONG_AGO);
    await rm(join(root, 'a'));
    expect(await reads.read(root, reader)).toEqual(['new']);
  });

  it('is undefined for a path with nothing there, and forgets what it kept of it', async () => {
    const reads = new KeptReads({ now: LATER });
    const reader = text();
    const path = await oldFile('a', 'one');
    await reads.read(path, reader);
    await rm(path);
    expect(await reads.read(path, reader)).toBeUndefined();
    expect(reads.size).toBe(0);
  });

  it('reads each time a file changed within SETTLED_AFTER_MS of the stat (its stamp may not show the next change)', async () => {
    const path = join(root, 'a');
    await writeFile(path, 'one');
    const { mtimeMs, ctimeMs } = await stat(path);
    const changed = Math.max(mtimeMs, ctimeMs);
    for (const [after, reads] of [
      [SETTLED_AFTER_MS, 2],
      [SETTLED_AFTER_MS + 1, 1],
    ] as const) {
      const kept = new KeptReads({ now: () => changed + after });
      const reader = text();
      await kept.read(path, reader);
      await kept.read(path, reader);
      expect(reader.reads).toBe(reads);
    }
  });

  it('reads again for a reader of another kind, and keeps both kinds apart', async () => {
    const reads = new KeptReads({ now: LATER });
    const path = await oldFile('a', 'one');
    const first = text();
    const other = counting('length', async (at) => (await readFile(at)).length);
    await reads.read(path, first);
    expect(await reads.read(path, other)).toBe(3);
    expect(other.reads).toBe(1);
    // Asked in turn (a download folder listed for its records, then for its temp files): neither read again.
    expect(await reads.read(path, first)).toBe('one');
    expect(await reads.read(path, other)).toBe(3);
    expect([first.reads, other.reads]).toEqual([1, 1]);
    expect(reads.size).toBe(2);
  });

  it('keeps at most `limit` paths, the least recently asked going first', async () => {
    const reads = new KeptReads({ now: LATER, limit: 2 });
    const reader = text();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => oldFile(name, name)));
    await reads.read(a!, reader);
    await reads.read(b!, reader);
    await reads.read(a!, reader); // a is now the most recently asked: b goes when c comes.
    await reads.read(c!, reader);
    expect(reads.size).toBe(2);
    expect(reader.reads).toBe(3);
    await reads.read(a!, reader);
    await reads.read(c!, reader);
    expect(reader.reads).toBe(3);
    await reads.read(b!, reader);
    expect(reader.reads).toBe(4);
  });
});
