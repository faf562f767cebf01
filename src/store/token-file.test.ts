import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteTokenFile, readTokenFile, storedTokenFilePath, writeTokenFile } from './token-file.js';

describe('token file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubget-token-'));
    dirs.push(dir);
    return dir;
  };

  it('stores, replaces and clears the token with mode 0600 and no temp file left', () => {
    const dataDir = join(tempDir(), 'data');
    expect(readTokenFile(dataDir)).toBeUndefined();
    writeTokenFile(dataDir, 'hf_first');
    expect(statSync(storedTokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    writeTokenFile(dataDir, 'hf_second');
    expect(readTokenFile(dataDir)).toBe('hf_second');
    expect(statSync(storedTokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['hf-token']);
    deleteTokenFile(dataDir);
    expect(readTokenFile(dataDir)).toBeUndefined();
    deleteTokenFile(dataDir);
  });

  it('keeps the mode 0600 under a permissive umask', () => {
    const dataDir = tempDir();
    const previous = process.umask(0);
    try {
      writeTokenFile(dataDir, 'hf_x');
    } finally {
      process.umask(previous);
    }
    expect(statSync(storedTokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
  });
});
