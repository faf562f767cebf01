import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { localDownloadDir } from '../cache/local-dir-layout.js';
import { lockClaimsFolder, newRunId, ownerOfThisProcess, startRun, writeRunRecord } from './claim-records.js';
import { claimsFolderAt, type DownloadPlace } from './claims-folder.js';
import { RunClaims } from './download-claims.js';
import {
  downloadsHere,
  downloadsInUseError,
  refuseWhileDownloading,
  removeWhileNoDownloads,
} from './downloads-here.js';

const BLOB = 'a'.repeat(64);
const signal = new AbortController().signal;
const FIVE_MINUTES_AGO = new Date(Date.now() - 5 * 60_000);

let root: string;
let place: DownloadPlace;
let blobs: string;
const runs: RunClaims[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hubget-downloads-here-'));
  place = { kind: 'cache', cacheDir: root, repo: { repoId: 'org/name', repoType: 'model' } };
  blobs = join(root, 'models--org--name', 'blobs');
  mkdirSync(blobs, { recursive: true });
});

afterEach(async () => {
  for (const run of runs.splice(0)) await run.release();
  rmSync(root, { recursive: true, force: true });
});

/** A download run of this process with a claim in the place's claims folder, alive until released. */
async function liveRun(at: DownloadPlace = place): Promise<RunClaims> {
  const run = new RunClaims(claimsFolderAt(at));
  runs.push(run);
  await run.claim([BLOB], (key) => [key], signal);
  return run;
}

/** A temp file (hubget's: with a resume map beside it), last written at `when`. */
function tempFile(folder: string, options: { resumeMap: boolean; when?: Date }): string {
  const path = join(folder, `${BLOB}.0123abcd.incomplete`);
  writeFileSync(path, 'partial');
  if (options.resumeMap) writeFileSync(`${path}${RESUME_MAP_SUFFIX}`, '{}');
  if (options.when) {
    utimesSync(path, options.when, options.when);
    if (options.resumeMap) utimesSync(`${path}${RESUME_MAP_SUFFIX}`, options.when, options.when);
  }
  return path;
}

const refusal = (at: DownloadPlace = place) =>
  refuseWhileDownloading('org/name', at).then(
    () => undefined,
    (error: unknown) => error as Error & { code: string; details?: Record<string, unknown> },
  );

describe('downloadsHere', () => {
  it('refuses while a live run holds claims here, however long ago its temp files were written', async () => {
    await liveRun();
    // Nothing on disk yet, then a temp file quiet for five minutes (a 2 KB/s or a stalled download).
    expect((await refusal())?.message).toBe(
      `org/name is being downloaded by pid ${process.pid}; wait for that download to finish or stop it, then run this again`,
    );
    tempFile(blobs, { resumeMap: true, when: FIVE_MINUTES_AGO });
    const error = await refusal();
    expect(error).toMatchObject({ code: 'IN_USE', details: { owners: [{ pid: process.pid }] } });
  });

  it("does not refuse for a local-dir run's record in the cache's claims folder (it writes into its local dir)", async () => {
    const folder = claimsFolderAt(place);
    const mutex = await lockClaimsFolder(folder, signal, { remake: true });
    const id = newRunId();
    const lock = startRun(folder, id);
    await writeRunRecord(folder, id, ownerOfThisProcess(new Date()), [], {
      localDir: join(root, 'local'),
      fetching: { [BLOB]: 'weights.bin' },
    });
    mutex.release();
    try {
      expect(await refusal()).toBeUndefined();
    } finally {
      lock.release();
    }
  });

  it('does not refuse for the temp files of a run that is gone, however fresh', async () => {
    const run = await liveRun();
    tempFile(blobs, { resumeMap: true });
    await run.release(); // stopped with Ctrl-C a moment ago
    expect(await refusal()).toBeUndefined();
    // Killed: its record and lock file stay, but nobody holds the lock. Its remains are removed.
    const folder = claimsFolderAt(place);
    writeFileSync(join(folder, 'hubget-99999-0badf00d.lock'), '');
    writeFileSync(
      join(folder, 'hubget-99999-0badf00d.json'),
      JSON.stringify({ pid: 99999, hostname: hostname(), startedAt: '', keys: [BLOB] }),
    );
    expect(await refusal()).toBeUndefined();
    expect(readdirSync(folder).filter((name) => name.includes('99999'))).toEqual([]);
  });

  it("judges another program's temp file (no resume map, no claim) by its last write", async () => {
    mkdirSync(claimsFolderAt(place), { recursive: true }); // hubget downloaded here once; no run is live
    const temp = tempFile(blobs, { resumeMap: false });
    const error = await refusal();
    expect(error?.message).toMatch(
      /^org\/name is being downloaded by another program \(a temp file no hubget download claims was written \d s ago\); .*counts as abandoned once unwritten for 60 s\)$/,
    );
    expect(error?.details).toEqual({ paths: [temp] });
    utimesSync(temp, FIVE_MINUTES_AGO, FIVE_MINUTES_AGO);
    expect(await refusal()).toBeUndefined();
  });

  it('judges every temp file by its last write when no claims can be read (no claims folder)', async () => {
    const temp = tempFile(blobs, { resumeMap: true });
    const here = await downloadsHere(place);
    expect(here).toMatchObject({ claimsRead: false, owners: [], unclaimedTemps: [{ path: temp }] });
    expect((await refusal())?.message).toMatch(
      /^org\/name is being downloaded \(a temp file was written \d s ago, and no hubget download claimed files here\)/,
    );
    utimesSync(temp, FIVE_MINUTES_AGO, FIVE_MINUTES_AGO);
    utimesSync(`${temp}${RESUME_MAP_SUFFIX}`, FIVE_MINUTES_AGO, FIVE_MINUTES_AGO);
    expect(await refusal()).toBeUndefined();
  });

  it('sees a download into a local dir below the one to delete (its files go with it)', async () => {
    const parent = join(root, 'models');
    const sub: DownloadPlace = { kind: 'local', localDir: join(parent, 'org', 'name') };
    mkdirSync(join(localDownloadDir(sub.localDir), 'x'), { recursive: true });
    const whole: DownloadPlace = { kind: 'local', localDir: parent };
    expect(await refusal(whole)).toBeUndefined();
    await liveRun(sub);
    expect((await refusal(whole))?.message).toContain(`by pid ${process.pid};`);
  });

  it('asks the claims folder of a local dir for a local-dir download', async () => {
    const localDir = join(root, 'local');
    const local: DownloadPlace = { kind: 'local', localDir };
    mkdirSync(join(localDownloadDir(localDir), 'sub'), { recursive: true });
    tempFile(join(localDownloadDir(localDir), 'sub'), { resumeMap: true, when: FIVE_MINUTES_AGO });
    expect(await refusal(local)).toBeUndefined();
    await liveRun(local);
    expect((await refusal(local))?.message).toContain(`by pid ${process.pid};`);
    // The cached repo of the same name is another place.
    expect(await refusal()).toBeUndefined();
  });

  it("names each owner once, and the machine of another machine's run", () => {
    const owner = (pid: number, host: string) => ({ pid, hostname: host, startedAt: '' });
    const error = downloadsInUseError('org/name', {
      claimsFolder: '/c',
      claimsRead: true,
      owners: [owner(1, hostname()), owner(1, hostname()), owner(2, 'other-host')],
      unclaimedTemps: [],
    });
    expect(error?.message).toMatch(/^org\/name is being downloaded by pid 1, pid 2 on other-host; /);
  });

  it('quotes the claims folder it could not read when its path holds a space', () => {
    const claimsFolder = join(root, 'my cache', 'claims');
    mkdirSync(claimsFolder, { recursive: true });
    const now = Date.now();
    const error = downloadsInUseError(
      'org/name',
      {
        claimsFolder,
        claimsRead: false,
        owners: [],
        unclaimedTemps: [{ path: join(blobs, 'a.incomplete'), mtimeMs: now, hasResumeMap: false }],
      },
      now,
    );
    expect(error?.message).toContain(
      `the claims that would say by whom cannot be read in '${claimsFolder}'); `,
    );
  });
});

describe('removeWhileNoDownloads', () => {
  it('removes under the claims mutex: a download starting meanwhile claims after the removal, afresh', async () => {
    const repoDir = join(root, 'models--org--name');
    const folder = claimsFolderAt(place);
    let letGo = () => {};
    const removing = removeWhileNoDownloads('org/name', place, async () => {
      await new Promise<void>((resolve) => {
        letGo = resolve;
      });
      rmSync(repoDir, { recursive: true, force: true });
      rmSync(folder, { recursive: true, force: true });
      return 'removed';
    });
    // The mutex is held as soon as the claims folder exists (made by the removal: no run claimed here yet).
    await vi.waitFor(() => expect(readdirSync(folder)).toContain('hubget.lock'));
    const run = new RunClaims(folder);
    runs.push(run);
    let claimed = false;
    const claiming = run
      .claim([BLOB], (key) => [key], signal)
      .then((outcome) => {
        claimed = true;
        return outcome;
      });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(claimed).toBe(false);
    letGo();
    expect(await removing).toBe('removed');
    expect(await claiming).toEqual({ claimed: [BLOB], blocked: [] });
    // Its claim is on record in the folder made again, where the next deletion sees it.
    expect((await refusal())?.message).toContain(`by pid ${process.pid};`);
  });

  it('removes nothing while a live run holds claims here', async () => {
    await liveRun();
    let removed = false;
    const error = await removeWhileNoDownloads('org/name', place, async () => {
      removed = true;
    }).catch((caught: unknown) => caught as Error & { code: string });
    expect(error).toMatchObject({ code: 'IN_USE' });
    expect(removed).toBe(false);
  });
});
