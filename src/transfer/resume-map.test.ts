import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RangeSet } from './range-set.js';
import {
  checkEtag,
  identityMatches,
  loadResumeMap,
  ResumeMapWriter,
  readResumeMap,
  readResumeMapFile,
  removeResumeMap,
} from './resume-map.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-map-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const expected = { size: 1000, algorithm: 'sha256' as const, hex: 'ab'.repeat(32) };

describe('resume map', () => {
  it('round-trips ranges and identity', async () => {
    const path = join(dir, 'map.json');
    const done = new RangeSet([
      [0, 100],
      [500, 600],
    ]);
    const writer = new ResumeMapWriter({ path, expected, done, etag: '"e"' });
    await writer.flush();
    await writer.close();
    const map = await readResumeMapFile(path);
    expect(map).toMatchObject({ size: 1000, algorithm: 'sha256', etag: '"e"' });
    expect(identityMatches(map!, expected)).toBe(true);
    expect(identityMatches(map!, { ...expected, hex: 'cd'.repeat(32) })).toBe(false);
    expect(await readResumeMap(path)).toEqual({
      size: 1000,
      doneBytes: 200,
      ranges: [
        [0, 100],
        [500, 600],
      ],
    });
  });

  it('with deferFirstWrite, writes nothing before one interval has passed, then runs beforeFirstWrite once', async () => {
    vi.useFakeTimers();
    const path = join(dir, 'map.json');
    const done = new RangeSet();
    let prepared = 0;
    const writer = new ResumeMapWriter({
      path,
      expected,
      done,
      intervalMs: 60_000,
      deferFirstWrite: true,
      beforeFirstWrite: async () => {
        prepared++;
      },
    });
    done.add(0, 10);
    writer.markDirty();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(writer.wrote).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await readResumeMap(path))?.doneBytes).toBe(10));
    expect(writer.wrote).toBe(true);
    done.add(10, 20);
    await writer.flush();
    await writer.close();
    expect(writer.wrote).toBe(true);
    expect(prepared).toBe(1);
    expect((await readResumeMap(path))?.doneBytes).toBe(20);
  });

  it('loadResumeMap tells a missing map from a malformed one; removeResumeMap deletes map and .tmp', async () => {
    const path = join(dir, 'map.json');
    expect(await loadResumeMap(path)).toEqual({ map: null, exists: false });
    await writeFile(path, '{not json');
    expect(await loadResumeMap(path)).toEqual({ map: null, exists: true });
    await writeFile(`${path}.tmp`, '{}');
    await removeResumeMap(path);
    expect(await readdir(dir)).toEqual([]);
    await removeResumeMap(path);
  });

  it('throttles writes and writes the latest state', async () => {
    vi.useFakeTimers();
    const path = join(dir, 'map.json');
    const done = new RangeSet();
    const writer = new ResumeMapWriter({ path, expected, done, intervalMs: 100 });
    await writer.flush();
    done.add(0, 10);
    writer.markDirty();
    done.add(10, 20);
    writer.markDirty();
    expect((await readResumeMap(path))?.doneBytes).toBe(0);
    await vi.advanceTimersByTimeAsync(99);
    expect((await readResumeMap(path))?.doneBytes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await readResumeMap(path))?.doneBytes).toBe(20));
    await writer.close();
  });

  it('treats missing, corrupt or inconsistent maps as absent', async () => {
    const path = join(dir, 'map.json');
    expect(await readResumeMap(path)).toBeNull();
    await writeFile(path, '{"version":1,"size":10,"algorithm":"sha256","hash":"x","ranges":[[0,20]]}');
    expect(await readResumeMap(path)).toBeNull();
    await writeFile(path, '{not json');
    expect(await readResumeMap(path)).toBeNull();
    await writeFile(
      path,
      JSON.stringify({ version: 9, size: 10, algorithm: 'sha256', hash: 'x', ranges: [] }),
    );
    expect(await readResumeMap(path)).toBeNull();
  });

  it('replaces the file atomically (no temp left behind)', async () => {
    const path = join(dir, 'map.json');
    const writer = new ResumeMapWriter({ path, expected, done: new RangeSet([[0, 5]]) });
    await writer.flush();
    await writer.close();
    expect(JSON.parse(await readFile(path, 'utf8')).ranges).toEqual([[0, 5]]);
    await expect(readFile(`${path}.tmp`)).rejects.toThrow();
  });
});

describe('checkEtag', () => {
  it('names a file whose content changed on the server, quoted when its name holds a space', async () => {
    const writer = new ResumeMapWriter({
      path: join(dir, 'map.json'),
      expected,
      done: new RangeSet(),
      etag: '"e"',
    });
    expect(() => checkEtag(writer, '"f"', 'my weights/a b.bin')).toThrow(
      `'my weights/a b.bin' changed on the server (ETag "e" → "f")`,
    );
    expect(() => checkEtag(writer, '"f"', 'a.bin')).toThrow('a.bin changed on the server');
    await writer.close();
  });
});
