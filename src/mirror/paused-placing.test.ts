/**
 * A paused pull's verified file moved into place whose job could not be completed then (the jobs service's look at
 * the disk did not find it, BlobFetcher.placed false): the completion is tried again at the next request for the file
 * (PullThrough.source), so the job does not stay paused beside its file until a restart or a look at the model list.
 * Before, it was a warning and never tried again. The fetcher is the mirror's interface to the jobs service, here one
 * whose first completion fails; the temp file, its hash check and the move are real.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { blobPath, cacheRepoLayout } from '../cache/cache-layout.js';
import { WrittenRanges } from '../jobs/written-ranges.js';
import { PullThrough } from './pull-through.js';
import { RetriedStepLog } from './retried-step-log.js';

const content = randomBytes(64 * 1024);
const SHA = createHash('sha256').update(content).digest('hex');
const FILE = {
  path: 'model.bin',
  size: content.length,
  oid: 'b'.repeat(40),
  lfs: { oid: SHA, size: content.length },
};
const REPO = { repoId: 'org/placed', repoType: 'model' as const };
const COMMIT = 'c'.repeat(40);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-paused-placing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('tries the completion of a paused pull whose file was moved into place again at the next request', async () => {
  const ranges = new WrittenRanges();
  let completions = 0;
  let complete!: () => void;
  const jobDone = new Promise<void>((resolve) => {
    complete = resolve;
  });
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, details: object) =>
    lines.push({ level, message, details: details as Record<string, unknown> });
  const pull = new PullThrough({
    fetcher: {
      // The job of a paused pull ends when it is completed.
      fetch: () => jobDone,
      paused: () => true,
      observeWrites: (listener) => ranges.observe(listener),
      // The first completion finds the job still paused; the second completes it.
      placed: async () => {
        completions++;
        if (completions === 1) return false;
        complete();
        return true;
      },
    },
    pollMs: 3_600_000,
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
  });
  const layout = cacheRepoLayout(join(dir, 'cache'), REPO);
  const blob = await pull.inFlight(layout, REPO, COMMIT, FILE);
  if (blob === undefined) throw new Error('expected the paused pull');
  const tempPath = `${blobPath(layout, SHA)}.0123abcd.incomplete`;
  await mkdir(dirname(tempPath), { recursive: true });
  await writeFile(tempPath, content);
  ranges.notify(tempPath, 0, content.length);

  expect(await pull.verifyPaused(layout, { repo: REPO, commit: COMMIT }, FILE, blob)).toBe(true);
  expect((await stat(blobPath(layout, SHA))).size).toBe(content.length);
  expect(completions).toBe(1);
  expect(lines).toEqual([
    {
      level: 'warn',
      message:
        "mirror: model.bin of org/placed was moved into the cache, but its paused pull's job could not be completed (the jobs service did not find its file on disk): it is tried again when the file is next asked for",
      details: { repo: REPO.repoId, path: FILE.path, commit: COMMIT, try: 1 },
    },
  ]);

  // The next request: the file is the cache's, and the completion is tried again; it succeeds, once said.
  expect(await pull.source(layout, REPO, COMMIT, FILE)).toMatchObject({ kind: 'cached' });
  await vi.waitFor(() => expect(completions).toBe(2));
  await blob.done;
  expect(lines.slice(1)).toEqual([
    {
      level: 'info',
      message:
        "mirror: the paused pull's job of model.bin of org/placed was completed at try 2, the earlier ones having failed",
      details: { repo: REPO.repoId, path: FILE.path, commit: COMMIT, try: 2 },
    },
  ]);

  // Completed, the pull is no longer in flight: nothing is tried again.
  expect(await pull.source(layout, REPO, COMMIT, FILE)).toMatchObject({ kind: 'cached' });
  expect(completions).toBe(2);
});

it('logs the first failure of a step as a warning, repeats of its cause as debug lines, another cause as a warning', () => {
  const lines: string[] = [];
  const steps = new RetriedStepLog<object>({
    warn: (message, details) => lines.push(`warn ${message} ${JSON.stringify(details)}`),
    info: (message, details) => lines.push(`info ${message} ${JSON.stringify(details)}`),
    debug: (message, details) => lines.push(`debug ${message} ${JSON.stringify(details)}`),
  });
  const file = {};
  const other = {};
  steps.failed(file, 'EISDIR', 'failed: EISDIR', {});
  steps.failed(file, 'EISDIR', 'failed: EISDIR', {});
  steps.failed(other, 'EISDIR', 'failed: EISDIR', {});
  steps.failed(file, 'ENOSPC', 'failed: ENOSPC', {});
  steps.failed(file, 'ENOSPC', 'failed: ENOSPC', {});
  steps.succeeded(file, (tries) => `done at try ${tries}`, {});
  // A success at the first try has nothing to report.
  steps.succeeded({}, (tries) => `done at try ${tries}`, {});
  expect(lines).toEqual([
    'warn failed: EISDIR {"try":1}',
    'debug failed: EISDIR {"try":2}',
    'warn failed: EISDIR {"try":1}',
    'warn failed: ENOSPC {"try":3}',
    'debug failed: ENOSPC {"try":4}',
    'info done at try 5 {"try":5}',
  ]);
});
