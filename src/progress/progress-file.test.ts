import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isHubgetError } from '../errors.js';
import {
  createProgressFileWriter,
  jobIdOfProgressFile,
  progressFileName,
  toProgressFileContent,
} from './progress-file.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('progress file', () => {
  let dir: string;
  let clock: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-progress-'));
    clock = 10_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the original shape with an integer percent', async () => {
    const writer = createProgressFileWriter({ dir, jobId: 'job-1', now: () => clock });
    writer.update({ downloaded: 5_000_000_000, total: 12_000_000_000, speed: 50_000_000.7, eta: 140.4 });
    await writer.flush();
    expect(writer.path).toBe(join(dir, 'download_job-1.json'));
    expect(readJson(writer.path)).toEqual({
      downloaded: 5_000_000_000,
      total: 12_000_000_000,
      progress: 41,
      speed: 50_000_001,
      eta: 140,
    });
    expect(Object.keys(readJson(writer.path))).toEqual(['downloaded', 'total', 'progress', 'speed', 'eta']);
  });

  it('throttles to one write per interval and writes the last update of a burst', async () => {
    vi.useFakeTimers();
    try {
      const writer = createProgressFileWriter({ dir, jobId: 'j', minIntervalMs: 40 });
      writer.update({ downloaded: 1, total: 100, speed: 1, eta: 99 });
      await writer.flush();
      writer.update({ downloaded: 2, total: 100, speed: 1, eta: 98 });
      writer.update({ downloaded: 3, total: 100, speed: 1, eta: 97 });
      await vi.advanceTimersByTimeAsync(39);
      expect(readJson(writer.path).downloaded).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(readJson(writer.path).downloaded).toBe(3));
      await writer.remove();
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves no temp file behind and is removed when the job ends', async () => {
    const writer = createProgressFileWriter({ dir, jobId: 'abc', now: () => clock });
    for (let i = 0; i <= 10; i += 1) {
      clock += 1000;
      writer.update({ downloaded: i * 10, total: 100, speed: 10, eta: 10 - i });
    }
    await writer.flush();
    expect(readdirSync(dir)).toEqual(['download_abc.json']);
    expect(readJson(writer.path)).toMatchObject({ downloaded: 100, progress: 100, eta: 0 });
    await writer.remove();
    expect(existsSync(writer.path)).toBe(false);
    writer.update({ downloaded: 1, total: 1, speed: 0, eta: 0 });
    await writer.flush();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates the folder and reports write errors without throwing', async () => {
    const errors: unknown[] = [];
    const writer = createProgressFileWriter({
      dir: join(dir, 'a'),
      jobId: 'x',
      onError: (e) => errors.push(e),
    });
    writer.update({ downloaded: 0, total: 0, speed: 0, eta: null });
    await writer.flush();
    expect(readJson(writer.path)).toEqual({ downloaded: 0, total: 0, progress: 0, speed: 0, eta: null });
    const blocked = createProgressFileWriter({
      dir: join(writer.path, 'sub'),
      jobId: 'y',
      onError: (e) => errors.push(e),
    });
    blocked.update({ downloaded: 1, total: 2, speed: 0, eta: null });
    await blocked.flush();
    expect(errors).toHaveLength(1);
  });

  it('creates only the last folder: a missing parent is a reported error, not a new tree', async () => {
    const errors: unknown[] = [];
    const deep = join(dir, 'nonexist', 'deep');
    const writer = createProgressFileWriter({ dir: deep, jobId: 'x', onError: (e) => errors.push(e) });
    writer.update({ downloaded: 1, total: 2, speed: 0, eta: null });
    await writer.flush();
    expect(existsSync(join(dir, 'nonexist'))).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'ENOENT',
        message: expect.stringContaining(`${join(dir, 'nonexist')} does not exist`),
      }),
    ]);
  });

  it('refuses job ids that could escape the folder', () => {
    for (const bad of ['../x', 'a/b', '', '..', 'a\\b']) {
      expect(() => progressFileName(bad)).toThrow();
      try {
        progressFileName(bad);
      } catch (error) {
        expect(isHubgetError(error, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
  });

  it("reads a job id back from its file's name, and nothing from another program's file", () => {
    expect(jobIdOfProgressFile(progressFileName('3f2a-job.1'))).toBe('3f2a-job.1');
    for (const other of [
      'download_.json',
      'download_x.json.tmp',
      'upload_x.json',
      'download_a..b.json',
      'x.json',
    ]) {
      expect(jobIdOfProgressFile(other)).toBeUndefined();
    }
  });

  it('clamps odd figures', () => {
    expect(toProgressFileContent({ downloaded: 150, total: 100, speed: -5, eta: Number.NaN })).toEqual({
      downloaded: 150,
      total: 100,
      progress: 100,
      speed: 0,
      eta: null,
    });
  });
});
