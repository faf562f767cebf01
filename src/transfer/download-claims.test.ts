import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tryLockFile } from '../system/file-lock.js';
import {
  CLAIMS_MUTEX_FILE_NAME,
  lockClaimsFolder,
  newRunId,
  otherRuns,
  ownerOfThisProcess,
  startRun,
  writeRunRecord,
} from './claim-records.js';
import { claimOfTempPrefix } from './claims-folder.js';
import { claimKeyOf, claimsFolderOf, RunClaims } from './download-claims.js';
import { tempPrefixOf } from './plan-download.js';
import type { DownloadPlan, PlannedFile } from './types.js';

let root: string;
let folder: string;
const runs: RunClaims[] = [];
const signal = new AbortController().signal;
const keysOf = (item: string) => item.split('+');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-claims-'));
  folder = join(root, '.locks', 'models--org--name');
});

afterEach(async () => {
  for (const run of runs.splice(0)) await run.release();
  rmSync(root, { recursive: true, force: true });
});

function newRun(): RunClaims {
  const run = new RunClaims(folder);
  runs.push(run);
  return run;
}

/** The record files in the folder, as `{ pid, keys }`. */
function records(): { pid: number; keys: string[] }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as { pid: number; keys: string[] });
}

describe('RunClaims', () => {
  it('gives each key to one live run; the other run is told who has it, and gets it once that run is gone', async () => {
    const first = newRun();
    const second = newRun();
    expect(await first.claim(['a', 'b'], keysOf, signal)).toEqual({ claimed: ['a', 'b'], blocked: [] });
    // An item is blocked by any of its keys (files of the same content in a local dir).
    const outcome = await second.claim(['b', 'c', 'd+a'], keysOf, signal);
    expect(outcome.claimed).toEqual(['c']);
    expect(outcome.blocked.map(({ item }) => item)).toEqual(['b', 'd+a']);
    expect(outcome.blocked[0]!.run.owner).toMatchObject({ pid: process.pid, hostname: expect.any(String) });
    const firstId = outcome.blocked[0]!.run.id;
    expect(records().map((record) => record.keys.sort())).toEqual(
      expect.arrayContaining([['a', 'b'], ['c']]),
    );

    expect(await second.goneAmong([firstId])).toEqual(new Set());
    await first.release();
    expect(await second.goneAmong([firstId])).toEqual(new Set([firstId]));
    expect(await second.claim(['b', 'd+a'], keysOf, signal)).toEqual({ claimed: ['b', 'd+a'], blocked: [] });
    expect(records().map((record) => record.keys.sort())).toEqual([['a', 'b', 'c', 'd']]);
    await second.release();
    expect(readdirSync(folder)).toEqual([CLAIMS_MUTEX_FILE_NAME]);
  });

  it('ignores and removes what a killed run left: its lock is free', async () => {
    mkdirSync(folder, { recursive: true });
    // A run killed with SIGKILL: its lock file and record stay, but nobody holds the lock.
    writeFileSync(join(folder, 'hubget-99999-0badf00d.lock'), '');
    writeFileSync(
      join(folder, 'hubget-99999-0badf00d.json'),
      JSON.stringify({ pid: 99999, hostname: 'h', startedAt: '', keys: ['a'] }),
    );
    writeFileSync(join(folder, 'hubget-99999-0badf00d.json.12345678.tmp'), '{');
    expect(await newRun().claim(['a'], keysOf, signal)).toEqual({ claimed: ['a'], blocked: [] });
    expect(readdirSync(folder).filter((name) => name.includes('99999'))).toEqual([]);
  });

  it('answers null instead of waiting when the folder mutex is busy, and waits for it to claim', async () => {
    const run = newRun();
    await run.claim(['a'], keysOf, signal);
    const mutex = tryLockFile(join(folder, CLAIMS_MUTEX_FILE_NAME));
    if (mutex === 'busy') throw new Error('mutex busy');
    try {
      expect(await newRun().goneAmong(['1-00000000'])).toBeNull();
      const aborted = AbortSignal.timeout(50);
      await expect(newRun().claim(['b'], keysOf, aborted)).rejects.toMatchObject({ code: 'ABORTED' });
    } finally {
      mutex.release();
    }
  });
  it('fails at once when its claims folder cannot be made, instead of asking again until aborted', async () => {
    // A file where a parent folder should be: the make fails with ENOTDIR on every turn (root ignores
    // permissions, so no read-only folder would do). The run is not aborted: before, it asked forever.
    writeFileSync(join(root, '.locks'), 'not a folder');
    const claiming = newRun().claim(['a'], keysOf, AbortSignal.timeout(5000));
    await expect(claiming).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('claimOfTempPrefix', () => {
  const sha = 'a'.repeat(64);
  const file: PlannedFile = {
    path: 'sub/blobs/model.bin',
    size: 1,
    blobId: sha,
    algorithm: 'sha256',
    finalPath: '',
    present: false,
    partialBytes: 0,
  };
  const planOf = (destination: DownloadPlan['destination']): DownloadPlan => ({
    request: { repo: { repoId: 'org/name', repoType: 'model' }, hub: { endpoint: 'http://hub' } },
    revision: 'main',
    commit: 'c'.repeat(40),
    destination,
    files: [file],
    totalBytes: 1,
    presentBytes: 0,
    copiedBytes: 0,
    linkedBytes: 0,
    bytesToFetch: 1,
    resultPath: '',
  });

  it('finds the claims folder and key a plan uses, from the temp prefix alone (cache and local dir)', () => {
    for (const plan of [
      planOf({ kind: 'cache', cacheDir: '/data/hub', repoFolder: 'models--org--name' }),
      planOf({ kind: 'local', localDir: '/models/org/name' }),
    ]) {
      expect(claimOfTempPrefix(tempPrefixOf(plan, file))).toEqual({
        folder: claimsFolderOf(plan),
        key: claimKeyOf(plan, file),
      });
    }
    expect(claimOfTempPrefix('/somewhere/else/file')).toBeUndefined();
  });
});

describe("a local-dir run's record in the cache's claims folder", () => {
  it('claims nothing, and is read back with its local dir and paths; a malformed one lists nothing', async () => {
    mkdirSync(folder, { recursive: true });
    const mutex = await lockClaimsFolder(folder, signal);
    const ids = [newRunId(), newRunId()];
    const locks = ids.map((id) => startRun(folder, id));
    const owner = ownerOfThisProcess(new Date());
    await writeRunRecord(folder, ids[0]!, owner, [], { localDir: '/models/x', fetching: { abc: 'w.bin' } });
    writeFileSync(
      join(folder, `hubget-${ids[1]}.json`),
      JSON.stringify({ ...owner, keys: [], local: { localDir: '/models/y', fetching: { def: 7 } } }),
    );
    try {
      const live = await otherRuns(folder, '');
      expect(live.find((run) => run.id === ids[0])).toMatchObject({
        keys: [],
        local: { localDir: '/models/x', fetching: { abc: 'w.bin' } },
      });
      expect(live.find((run) => run.id === ids[1])?.local).toEqual({ localDir: '/models/y', fetching: {} });
      // A run into the cache claims the blob id all the same: the record claims nothing.
      mutex.release();
      expect((await newRun().claim(['abc'], keysOf, signal)).claimed).toEqual(['abc']);
    } finally {
      for (const lock of locks) lock.release();
    }
  });
});
