/**
 * `hubget rm` says what it frees by the rule `hubget ls` lists by (src/format/copy-bytes.ts): a repo listed at
 * 1.00 kB frees 1.00 kB (not 1.04 kB, its `refs/main` counted too), and the temp files of its unfinished downloads
 * said apart, as `ls` says them (`+ 3.00 kB partial`).
 */
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { runLs } from './ls-run.js';
import { runRm } from './rm-run.js';

const COMMIT = 'c'.repeat(40);
let dir: string;
let cacheDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-rm-'));
  cacheDir = join(dir, 'hub');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** org/model in the cache: one 1000-byte file, `refs/main`, and an old temp file of `unfinishedBytes` unless 0. */
async function cachedRepo(unfinishedBytes: number): Promise<void> {
  const repoDir = join(cacheDir, 'models--org--model');
  const blob = 'a'.repeat(64);
  await mkdir(join(repoDir, 'blobs'), { recursive: true });
  await mkdir(join(repoDir, 'refs'), { recursive: true });
  await mkdir(join(repoDir, 'snapshots', COMMIT), { recursive: true });
  await writeFile(join(repoDir, 'refs', 'main'), COMMIT);
  await writeFile(join(repoDir, 'blobs', blob), 'x'.repeat(1000));
  await symlink(`../../blobs/${blob}`, join(repoDir, 'snapshots', COMMIT, 'config.json'));
  if (unfinishedBytes === 0) return;
  const temp = join(repoDir, 'blobs', `${'b'.repeat(64)}.1a2b3c4d.incomplete`);
  await writeFile(temp, 'y'.repeat(unfinishedBytes));
  // Stopped an hour ago: no download is writing it (one written within the last minute would refuse the rm).
  const anHourAgo = Date.now() / 1000 - 3600;
  await utimes(temp, anHourAgo, anHourAgo);
}

function pipedIo(): { io: CliIo; lines: () => string[] } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const io: CliIo = { stdout, stderr: new PassThrough(), env: {}, onSignal: () => () => {} };
  return { io, lines: () => text.split('\n').filter(Boolean) };
}

async function rmLines(options: { dryRun?: boolean; yes?: boolean }): Promise<string[]> {
  const { io, lines } = pipedIo();
  const selection = { repo: { repoId: 'org/model', repoType: 'model' as const } };
  const dataDir = join(dir, 'no-server');
  expect(await runRm(selection, { repoType: 'model', cacheDir, dataDir, ...options }, io)).toBe(0);
  return lines();
}

async function lsLines(): Promise<string[]> {
  const { io, lines } = pipedIo();
  expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir: join(dir, 'no-server') }, io)).toBe(
    0,
  );
  return lines();
}

describe('hubget rm says what hubget ls lists', () => {
  it('frees the size ls lists (its files), not that and its refs', async () => {
    await cachedRepo(0);
    expect(await lsLines()).toContain('1 repo, 1.00 kB on disk');
    expect((await rmLines({ dryRun: true }))[0]).toBe(
      'Would delete org/model (1 revision, whole repo): frees 1.00 kB',
    );
    expect(await rmLines({ yes: true })).toEqual([
      'Deleted org/model (1 revision, whole repo): freed 1.00 kB',
    ]);
  });

  it("says an unfinished download's bytes apart, as ls does", async () => {
    await cachedRepo(3000);
    expect(await lsLines()).toContain('1 repo, 1.00 kB on disk (and 3.00 kB in unfinished downloads)');
    const planned = 'org/model (1 revision, whole repo): frees 1.00 kB + 3.00 kB partial';
    expect((await rmLines({ dryRun: true }))[0]).toBe(`Would delete ${planned}`);
    expect(await rmLines({ yes: true })).toEqual([`Deleted ${planned.replace('frees', 'freed')}`]);
  });
});
