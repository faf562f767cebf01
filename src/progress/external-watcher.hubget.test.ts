/**
 * The watcher and hubget's own temp files (docs/external-downloads.md, "hubget downloads of other processes"):
 * another live hubget process's download (a child process holding a real run claim, as `hubget download`
 * does) is shown with its repo and the bytes of its resume map; this process's runs (the server's jobs), a
 * paused job's files and a killed run's leftovers are not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watcherFolders } from '../../test/support/progress/watcher-folders.js';
import { cacheRepoLayout, repoLocksDir, resumeMapPathOf } from '../cache/cache-layout.js';
import {
  localDownloadDir,
  localLocksDir,
  localTempPath,
  localTempPrefix,
  shortHashOfPath,
} from '../cache/local-dir-layout.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { tryLockClaimsFolder } from '../transfer/claim-records.js';
import { claimOfTempPrefix } from '../transfer/claims-folder.js';
import { RunClaims } from '../transfer/download-claims.js';
import { writeResumeMapFile } from '../transfer/resume-map.js';
import { createExternalWatcher } from './external-watcher.js';

const claimChild = fileURLToPath(new URL('../../test/support/transfer/claim-child.ts', import.meta.url));

const BLOB_A = `${'a'.repeat(60)}0001`;
const BLOB_B = `${'b'.repeat(60)}0002`;
const BLOB_C = `${'c'.repeat(60)}0003`;
const BLOB_D = `${'d'.repeat(60)}0004`;
const SIZE = 1_000_000;

let root: string;
let hub: string;
let models: string;
const children: ChildProcess[] = [];
const ownRuns: RunClaims[] = [];

beforeEach(() => {
  ({ root, hub, models } = watcherFolders('hubget-ext-runs-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const run of ownRuns.splice(0)) await run.release();
  rmSync(root, { recursive: true, force: true });
});

/** Another process's run claiming `keys` in `folder`; resolves once its claims are recorded. */
async function otherProcessClaims(folder: string, keys: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', claimChild, folder, ...keys], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      if (text.includes('claimed')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`claim child exited (${code})`)));
  });
  return child;
}

/** A run of this process (a server job) claiming `keys` in `folder`. */
async function thisProcessClaims(folder: string, keys: string[]): Promise<void> {
  const run = new RunClaims(folder);
  ownRuns.push(run);
  await run.claim(keys, (key) => [key], new AbortController().signal);
}

function blobTemp(repoFolder: string, blob: string, suffix: string): string {
  return join(hub, repoFolder, 'blobs', `${blob}.${suffix}.incomplete`);
}

/**
 * A hubget temp file as transferFile leaves it: `written` bytes at its start, sized whole (sparse) when it has
 * a resume map, which records those bytes as done.
 */
async function hubgetTemp(path: string, blob: string, written: number, withMap: boolean): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.alloc(written, 7));
  closeSync(fd);
  if (!withMap) return;
  truncateSync(path, SIZE);
  await writeResumeMapFile(resumeMapPathOf(path), {
    size: SIZE,
    algorithm: 'sha256',
    hash: blob,
    etag: null,
    ranges: [[0, written]],
  });
}

function locksOf(repoId: string): string {
  return repoLocksDir(cacheRepoLayout(hub, { repoId, repoType: 'model' }));
}

/** Fields of the "Found partial file" log lines. */
const found: Array<Record<string, unknown>> = [];

function watch(isOwnTempFile?: (path: string) => boolean) {
  found.length = 0;
  const logger = {
    info: (obj: object, msg: string) => {
      if (msg.startsWith('Found partial file')) found.push(obj as Record<string, unknown>);
    },
    warn: () => {},
  };
  return createExternalWatcher({
    hubCacheDir: hub,
    modelsDir: models,
    intervalMs: 60_000,
    logger,
    isOwnTempFile,
  });
}

describe('hubget temp files in the external watcher', () => {
  it("shows another process's live hubget download with its repo, counted by its resume map", async () => {
    const big = blobTemp('models--org--cli', BLOB_A, '1111aaaa');
    await hubgetTemp(big, BLOB_A, 300_000, true);
    // A small file that has no map yet: counted by the bytes in it.
    const small = blobTemp('models--org--cli', BLOB_B, '2222bbbb');
    await hubgetTemp(small, BLOB_B, 5_000, false);
    const cli = await otherProcessClaims(locksOf('org/cli'), [BLOB_A, BLOB_B]);
    // The same into a local dir, named by hubget's marker.
    const localDir = join(models, 'cli-local');
    await writeLocalDirMarker(localDir, { repoId: 'org/local', repoType: 'model', revision: 'main' });
    const localTemp = localTempPath(localDir, 'weights.bin', BLOB_C, '3333cccc');
    await hubgetTemp(localTemp, BLOB_C, 200_000, true);
    const localKey = claimOfTempPrefix(localTempPrefix(localDir, 'weights.bin', BLOB_C))!.key;
    await otherProcessClaims(localLocksDir(localDir), [localKey]);

    const downloads = await watch().tick();
    const byRepo = new Map(downloads.map((download) => [download.repoId, download]));
    expect([...byRepo.keys()].sort()).toEqual(['org/cli', 'org/local']);
    expect(byRepo.get('org/cli')).toMatchObject({ location: 'cache', downloaded: 305_000 });
    expect(
      byRepo
        .get('org/cli')
        ?.files.map((file) => file.path)
        .sort(),
    ).toEqual([big, small].sort());
    expect(byRepo.get('org/local')).toMatchObject({ location: 'local', downloaded: 200_000 });
    // Who runs it, in the words a job waiting for its files names that run (waitingFor.owners).
    expect(byRepo.get('org/cli')?.hubgetRuns).toEqual([`pid ${cli.pid}`]);
    // The log says whose files they are.
    expect(found.map((fields) => fields.hubgetRun)).toEqual([true, true, true]);
  });

  it("skips this process's runs and a paused job's files", async () => {
    const other = blobTemp('models--org--cli', BLOB_A, '1111aaaa');
    await hubgetTemp(other, BLOB_A, 100_000, true);
    await otherProcessClaims(locksOf('org/cli'), [BLOB_A]);
    // A running server job in the same repo: one file mapped, one not mapped yet.
    await hubgetTemp(blobTemp('models--org--cli', BLOB_B, '2222bbbb'), BLOB_B, 50_000, true);
    await hubgetTemp(blobTemp('models--org--cli', BLOB_C, '3333cccc'), BLOB_C, 4_000, false);
    await thisProcessClaims(locksOf('org/cli'), [BLOB_B, BLOB_C]);
    // A running server job of another repo, its file not mapped yet.
    await hubgetTemp(blobTemp('models--org--own', BLOB_D, '4444dddd'), BLOB_D, 4_000, false);
    await thisProcessClaims(locksOf('org/own'), [BLOB_D]);
    // A paused server job: its file and map stay, claimed by nobody.
    await hubgetTemp(blobTemp('models--org--paused', BLOB_A, '5555eeee'), BLOB_A, 70_000, true);

    const downloads = await watch().tick();
    expect(downloads.map((download) => download.repoId)).toEqual(['org/cli']);
    expect(downloads[0]?.files.map((file) => file.path)).toEqual([other]);
    expect(downloads[0]?.downloaded).toBe(100_000);
  });

  it("does not show a killed run's leftovers as active", async () => {
    const live = blobTemp('models--org--cli', BLOB_A, '1111aaaa');
    await hubgetTemp(live, BLOB_A, 100_000, true);
    await otherProcessClaims(locksOf('org/cli'), [BLOB_A]);
    await hubgetTemp(blobTemp('models--org--cli', BLOB_B, '2222bbbb'), BLOB_B, 60_000, true);
    await hubgetTemp(blobTemp('models--org--dead', BLOB_C, '3333cccc'), BLOB_C, 80_000, true);
    const killed = [
      await otherProcessClaims(locksOf('org/cli'), [BLOB_B]),
      await otherProcessClaims(locksOf('org/dead'), [BLOB_C]),
    ];
    const watcher = watch();
    const before = await watcher.tick();
    expect(before.map((download) => download.repoId).sort()).toEqual(['org/cli', 'org/dead']);

    await Promise.all(
      killed.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    const after = await watcher.tick();
    expect(after.map((download) => download.repoId)).toEqual(['org/cli']);
    expect(after[0]?.files.map((file) => file.path)).toEqual([live]);
    expect(after[0]?.downloaded).toBe(100_000);
  });

  it("shows another program's download growing in a paused job's folder, never the job's own files", async () => {
    const repoDir = join(hub, 'models--org--paused');
    // The paused job's run claimed its files, and released them when it stopped.
    const ended = new RunClaims(locksOf('org/paused'));
    await ended.claim([BLOB_A, BLOB_B], (key) => [key], new AbortController().signal);
    await ended.release();
    await hubgetTemp(blobTemp('models--org--paused', BLOB_A, '5555eeee'), BLOB_A, 70_000, true);
    // Its run was killed before this file's first map write.
    const unmapped = blobTemp('models--org--paused', BLOB_B, '6666ffff');
    await hubgetTemp(unmapped, BLOB_B, 4_000, false);
    // huggingface_hub ≥ 1.18 and ≤ 1.17 fetching the same repo into the same place.
    const python = blobTemp('models--org--paused', BLOB_C, '0badc0de');
    await hubgetTemp(python, BLOB_C, 10_000, false);
    const legacy = join(repoDir, 'blobs', `${BLOB_D}.incomplete`);
    writeFileSync(legacy, Buffer.alloc(1_000, 7));
    // And into a paused local-dir job's folder.
    const localDir = join(models, 'paused-local');
    const localPython = join(
      localDownloadDir(localDir),
      `${shortHashOfPath('model.bin')}.${BLOB_C}.0badc0de.incomplete`,
    );
    await hubgetTemp(localPython, BLOB_C, 2_000, false);
    const watcher = watch((path) => path.startsWith(`${repoDir}/`) || path.startsWith(`${localDir}/`));

    // At first sight nothing tells them apart from the job's own files.
    expect(await watcher.tick()).toEqual([]);
    appendFileSync(python, Buffer.alloc(5_000, 7));
    appendFileSync(legacy, Buffer.alloc(500, 7));
    appendFileSync(localPython, Buffer.alloc(3_000, 7));
    const grown = await watcher.tick();
    expect(grown.map((download) => download.folder).sort()).toEqual([repoDir, localDir].sort());
    const cache = grown.find((download) => download.folder === repoDir);
    expect(cache?.files.map((file) => file.path).sort()).toEqual([python, legacy].sort());
    expect(cache).toMatchObject({ repoId: 'org/paused', downloaded: 16_500, hubgetRuns: [] });
    expect(grown.find((download) => download.folder === localDir)?.downloaded).toBe(5_000);
    // Still shown while that program stalls.
    const stalled = await watcher.tick();
    expect(stalled.find((download) => download.folder === repoDir)?.files).toHaveLength(2);
    expect(stalled.find((download) => download.folder === localDir)?.files).toHaveLength(1);

    // The job runs again and writes its file (claimed), then pauses: its file is its own again.
    const rerun = new RunClaims(locksOf('org/paused'));
    await rerun.claim([BLOB_B], (key) => [key], new AbortController().signal);
    appendFileSync(unmapped, Buffer.alloc(2_000, 7));
    await watcher.tick();
    await rerun.release();
    for (let scan = 0; scan < 2; scan++) {
      const paused = (await watcher.tick()).find((download) => download.folder === repoDir);
      expect(paused?.files.map((file) => file.path).sort()).toEqual([python, legacy].sort());
    }
  });

  it("keeps showing another program's download once a job's folder holds it, not a gone hubget run's file", async () => {
    const repoDir = join(hub, 'models--org--later');
    const python = join(repoDir, 'blobs', `${BLOB_D}.incomplete`);
    mkdirSync(dirname(python), { recursive: true });
    writeFileSync(python, Buffer.alloc(1_000, 7));
    // Another process's run, killed before its first map write.
    const child = await otherProcessClaims(locksOf('org/later'), [BLOB_A]);
    const killed = blobTemp('models--org--later', BLOB_A, '7777aaaa');
    await hubgetTemp(killed, BLOB_A, 3_000, false);
    let jobCreated = false;
    const watcher = watch((path) => jobCreated && path.startsWith(`${repoDir}/`));
    const [before] = await watcher.tick();
    expect(before?.files.map((file) => file.path).sort()).toEqual([python, killed].sort());

    // A job of the repo is created (its folder named) while that program writes nothing, and the run is gone.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    jobCreated = true;
    const after = await watcher.tick();
    expect(after.map((download) => download.id)).toEqual([before?.id]);
    expect(after[0]?.files.map((file) => file.path)).toEqual([python]);
    // The same download goes on: it did not end and start over.
    expect(found.map((fields) => String(fields.path)).sort()).toEqual([python, killed].sort());
  });

  it("does not take a file a run claimed since the last reading of its claims (mutex busy) for another program's", async () => {
    const repoDir = join(hub, 'models--org--paused');
    const locks = locksOf('org/paused');
    // A live run's record in the folder: its claims are read under the mutex.
    await thisProcessClaims(locks, [BLOB_A]);
    const own = blobTemp('models--org--paused', BLOB_C, '3333cccc');
    await hubgetTemp(own, BLOB_C, 4_000, false);
    const watcher = watch((path) => path.startsWith(`${repoDir}/`));
    expect(await watcher.tick()).toEqual([]);
    // The job runs again: its run claims the file and writes it while the mutex is busy at the next scan.
    await thisProcessClaims(locks, [BLOB_C]);
    const mutex = tryLockClaimsFolder(locks);
    expect(mutex).not.toBeNull();
    try {
      appendFileSync(own, Buffer.alloc(2_000, 7));
      expect(await watcher.tick()).toEqual([]);
    } finally {
      mutex?.release();
    }
    expect(await watcher.tick()).toEqual([]);
  });
});
