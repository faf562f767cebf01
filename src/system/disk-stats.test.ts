import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDiskStats } from './disk-stats.js';

describe('getDiskStats', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubget-disk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the filesystem of an existing folder', async () => {
    const stats = await getDiskStats(dir);
    const raw = await statfs(dir);
    expect(stats.path).toBe(dir);
    expect(stats.totalBytes).toBe(raw.blocks * raw.bsize);
    expect(stats.totalBytes).toBeGreaterThan(0);
    expect(stats.freeBytes).toBeGreaterThanOrEqual(0);
    expect(stats.freeBytes).toBeLessThanOrEqual(stats.totalBytes);
  });

  it('walks up to the first existing ancestor for a folder not created yet', async () => {
    const missing = join(dir, 'not', 'yet', 'there');
    const stats = await getDiskStats(missing);
    expect(stats.path).toBe(missing);
    expect(stats.totalBytes).toBe((await getDiskStats(dir)).totalBytes);
  });

  it('walks past a file in the middle of the path (ENOTDIR)', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const stats = await getDiskStats(join(dir, 'file', 'below'));
    expect(stats.totalBytes).toBeGreaterThan(0);
  });
});
