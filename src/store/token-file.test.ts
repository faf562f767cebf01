import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteTokenFile, readTokenFile, tokenFilePath, writeTokenFile } from './token-file.js';

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

  it('stores, replaces and clears the token with mode 0600 and no temp file left', async () => {
    const dataDir = join(tempDir(), 'data');
    expect(await readTokenFile(dataDir)).toBeUndefined();
    await writeTokenFile(dataDir, 'hf_first');
    expect(statSync(tokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    await writeTokenFile(dataDir, 'hf_second');
    expect(await readTokenFile(dataDir)).toBe('hf_second');
    expect(statSync(tokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['hf-token']);
    await deleteTokenFile(dataDir);
    expect(await readTokenFile(dataDir)).toBeUndefined();
    await deleteTokenFile(dataDir);
  });

  it('keeps the mode 0600 under a permissive umask', async () => {
    const dataDir = tempDir();
    const previous = process.umask(0);
    try {
      await writeTokenFile(dataDir, 'hf_x');
    } finally {
      process.umask(previous);
    }
    expect(statSync(tokenFilePath(dataDir)).mode & 0o777).toBe(0o600);
  });
});
