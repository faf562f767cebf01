import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRepoRef } from '../hub/repo-id.js';
import { cacheRepoLayout } from './cache-layout.js';
import { scanHubCacheReport } from './scan-cache.js';
import { readRef, writeRef } from './write-ref.js';

const COMMIT = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

describe('writeRef', () => {
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'hubget-ref-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('creates the commit’s snapshot folder with the ref, so no scanner finds a ref to a missing commit', async () => {
    const layout = cacheRepoLayout(cache, parseRepoRef('org/model'));
    // A branch and a pull request, neither of whose files was fetched (a failed download, a mirror's
    // client that only asked which commit a revision is).
    expect(await writeRef(layout, 'main', COMMIT)).toBe(true);
    expect(await writeRef(layout, 'refs/pr/4', OTHER)).toBe(true);
    expect(existsSync(join(layout.repoDir, 'snapshots', COMMIT))).toBe(true);
    expect(existsSync(join(layout.repoDir, 'snapshots', OTHER))).toBe(true);
    // The bare commit, no newline (every reader uses the raw content).
    expect(readFileSync(join(layout.repoDir, 'refs', 'refs', 'pr', '4'), 'utf8')).toBe(OTHER);
    expect(await readRef(layout, 'main')).toBe(COMMIT);
    const report = await scanHubCacheReport(cache);
    expect(report.warnings).toEqual([]);
  });

  it('writes no ref for a full commit, but its snapshot folder and refs/ all the same', async () => {
    const layout = cacheRepoLayout(cache, parseRepoRef('org/model'));
    expect(await writeRef(layout, COMMIT, COMMIT)).toBe(false);
    expect(existsSync(join(layout.repoDir, 'snapshots', COMMIT))).toBe(true);
    expect(existsSync(join(layout.repoDir, 'refs'))).toBe(true);
    expect(await readRef(layout, COMMIT)).toBeUndefined();
  });
});
