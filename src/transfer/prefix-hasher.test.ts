import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PrefixHasher } from './prefix-hasher.js';
import { RangeSet } from './range-set.js';

const execFileAsync = promisify(execFile);
let dir: string;
let handle: FileHandle;
const content = randomBytes(64 * 1024 + 123);
const sha256 = createHash('sha256').update(content).digest('hex');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-prefix-hash-'));
  handle = await open(join(dir, 'file.incomplete'), 'w+');
  await handle.truncate(content.length);
});
afterEach(async () => {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Writes [start, end) of `bytes`, records it, tells the hasher (as SegmentedFetch does per batch), handing the
 * written bytes over as the lane writer does when `handOver`.
 */
async function land(
  done: RangeSet,
  hasher: PrefixHasher,
  start: number,
  end: number,
  bytes = content,
  handOver = false,
) {
  await handle.write(bytes, start, end - start, start);
  done.add(start, end);
  hasher.noteWritten(start, end, handOver ? bytes.subarray(start, end) : undefined);
}

const landWithBytes = (done: RangeSet, hasher: PrefixHasher, start: number, end: number, bytes = content) =>
  land(done, hasher, start, end, bytes, true);

/** A sha256 hasher of `content` in 4 KiB blocks; on the worker, called per block unless said otherwise. */
function hasherOf(done: RangeSet, worker: boolean, workerMinCallBytes = 4096): PrefixHasher {
  return new PrefixHasher({
    handle,
    size: content.length,
    algorithm: 'sha256',
    done,
    blockBytes: 4096,
    workerMinCallBytes,
    worker,
  });
}

/** Lets the hasher's background reads run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('PrefixHasher on the worker thread: calls', () => {
  it('waits until workerMinCallBytes are ready (fewer messages), then hashes whole blocks; digest takes the rest', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, true, 16 * 1024);
    hasher.start();
    await land(done, hasher, 0, 12 * 1024);
    await settle();
    expect(hasher.hashedBytes).toBe(0);
    await land(done, hasher, 12 * 1024, 20_000);
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(16 * 1024));
    await land(done, hasher, 20_000, content.length);
    expect(await hasher.digest()).toBe(sha256);
    await hasher.stop();
  });

  it('queues several calls at once as bytes are recorded, so a busy main thread does not idle the worker', async () => {
    await handle.write(content, 0, content.length, 0);
    const done = new RangeSet();
    const hasher = hasherOf(done, true);
    // Eight blocks recorded one after the other in one turn of the event loop (no reply can arrive between).
    for (let block = 0; block < 8; block++) {
      done.add(block * 4096, (block + 1) * 4096);
      hasher.noteWritten(block * 4096, (block + 1) * 4096);
    }
    expect(hasher.readsInFlight).toBe(4);
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(8 * 4096));
    expect(hasher.readsInFlight).toBe(0);
    done.add(8 * 4096, content.length);
    expect(await hasher.digest()).toBe(sha256);
    await hasher.stop();
  });
});

describe.each([
  { worker: false, mode: 'inline' },
  { worker: true, mode: 'on the worker thread' },
])('PrefixHasher ($mode)', ({ worker }) => {
  it('follows only the contiguous prefix when ranges finish out of order', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, worker);
    hasher.start();
    await land(done, hasher, 32 * 1024, 48 * 1024);
    await settle();
    expect(hasher.hashedBytes).toBe(0);
    await land(done, hasher, 0, 10_000);
    // Whole blocks of the finished prefix only: 2 × 4096 of the first 10 000 bytes.
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(8192));
    await settle();
    expect(hasher.hashedBytes).toBe(8192);
    await land(done, hasher, 10_000, 32 * 1024);
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(48 * 1024));
    await land(done, hasher, 48 * 1024, content.length);
    expect(await hasher.digest()).toBe(sha256);
  });

  it('starts over when bytes it already read are written again (a lane rewriting from byte 0)', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, worker);
    const wrong = Buffer.alloc(content.length, 7);
    await land(done, hasher, 0, 20_000, wrong);
    await vi.waitFor(() => expect(hasher.hashedBytes).toBeGreaterThan(0));
    // The correct bytes replace the wrong ones: the final digest must be of what is on disk.
    await land(done, hasher, 0, content.length);
    expect(hasher.hashedBytes).toBe(0);
    expect(await hasher.digest()).toBe(sha256);
  });

  it('hashes a resumed prefix from byte 0 and computes git blob sha1', async () => {
    await handle.write(content, 0, content.length, 0);
    const done = new RangeSet([[0, 40_000]]);
    const hasher = new PrefixHasher({
      handle,
      size: content.length,
      algorithm: 'git-sha1',
      done,
      blockBytes: 8192,
      workerMinCallBytes: 8192,
      worker,
    });
    hasher.start();
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(4 * 8192));
    done.add(40_000, content.length);
    const expected = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    expect(await hasher.digest()).toBe(expected);
  });

  it('reset() forgets what was hashed', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, worker);
    await land(done, hasher, 0, 30_000, Buffer.alloc(content.length, 1));
    await vi.waitFor(() => expect(hasher.hashedBytes).toBeGreaterThan(0));
    await hasher.reset();
    done.clear();
    expect(hasher.hashedBytes).toBe(0);
    await land(done, hasher, 0, content.length);
    expect(await hasher.digest()).toBe(sha256);
  });

  it('digest() stops on abort', async () => {
    const done = new RangeSet([[0, content.length]]);
    const hasher = new PrefixHasher({ handle, size: content.length, algorithm: 'sha256', done, worker });
    const controller = new AbortController();
    controller.abort();
    await expect(hasher.digest(controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('reports a temp file shorter than the recorded ranges as SIZE_MISMATCH', async () => {
    await handle.write(content, 0, content.length, 0);
    await handle.truncate(content.length - 100);
    const done = new RangeSet([[0, content.length]]);
    const hasher = new PrefixHasher({ handle, size: content.length, algorithm: 'sha256', done, worker });
    await expect(hasher.digest()).rejects.toMatchObject({ code: 'SIZE_MISMATCH' });
  });
});

describe('PrefixHasher with the batch bytes handed over', () => {
  it('inline: hashes batches that continue the prefix from memory and never reads the file', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, false);
    const read = vi.spyOn(handle, 'read');
    hasher.start();
    for (let start = 0; start < content.length; start += 10_000) {
      await landWithBytes(done, hasher, start, Math.min(content.length, start + 10_000));
      expect(hasher.hashedBytes).toBe(Math.min(content.length, start + 10_000));
    }
    expect(await hasher.digest()).toBe(sha256);
    expect(read).not.toHaveBeenCalled();
  });

  it('inline: bytes beyond the prefix are read back once the prefix reaches them', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, false);
    hasher.start();
    await landWithBytes(done, hasher, 32 * 1024, 48 * 1024);
    expect(hasher.hashedBytes).toBe(0);
    await landWithBytes(done, hasher, 0, 32 * 1024);
    // The prefix from memory, then 32–48 KiB (whole blocks) read back.
    await vi.waitFor(() => expect(hasher.hashedBytes).toBe(48 * 1024));
    await landWithBytes(done, hasher, 48 * 1024, content.length);
    expect(await hasher.digest()).toBe(sha256);
  });

  it('inline: a rewrite from byte 0 after bytes were hashed from memory starts over', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, false);
    await landWithBytes(done, hasher, 0, 20_000, Buffer.alloc(content.length, 7));
    expect(hasher.hashedBytes).toBe(20_000);
    await landWithBytes(done, hasher, 0, content.length);
    expect(hasher.hashedBytes).toBe(0);
    expect(await hasher.digest()).toBe(sha256);
  });

  it('on the worker thread: the bytes are not hashed on the main thread', async () => {
    const done = new RangeSet();
    const hasher = hasherOf(done, true);
    await landWithBytes(done, hasher, 0, 10_000);
    // Nothing hashed synchronously: the worker reads the blocks itself.
    expect(hasher.hashedBytes).toBe(0);
    await landWithBytes(done, hasher, 10_000, content.length);
    expect(await hasher.digest()).toBe(sha256);
    await hasher.stop();
  });
});

describe('PrefixHasher worker thread', () => {
  it('keeps the process alive while a digest is pending and lets it exit afterwards', async () => {
    // A child process hashes a file on the worker and then has nothing left to do: it must print the
    // digest (the pending call kept it alive) and exit on its own (the idle worker is unref'd).
    await handle.write(content, 0, content.length, 0);
    const script = [
      "import { open } from 'node:fs/promises';",
      `import { PrefixHasher } from ${JSON.stringify(join(import.meta.dirname, 'prefix-hasher.ts'))};`,
      `import { RangeSet } from ${JSON.stringify(join(import.meta.dirname, 'range-set.ts'))};`,
      `const handle = await open(${JSON.stringify(join(dir, 'file.incomplete'))}, 'r');`,
      `const done = new RangeSet([[0, ${content.length}]]);`,
      `const hasher = new PrefixHasher({ handle, size: ${content.length}, algorithm: 'sha256', done, worker: true });`,
      'console.log(await hasher.digest());',
      'await handle.close();',
    ].join('\n');
    const scriptPath = join(dir, 'child.mts');
    await writeFile(scriptPath, script);
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', scriptPath], {
      cwd: join(import.meta.dirname, '..', '..'),
      timeout: 15_000,
    });
    expect(stdout.trim()).toBe(sha256);
  }, 20_000);
});
