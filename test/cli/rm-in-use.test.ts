/**
 * End-to-end: `hubget rm` beside a `hubget download` of the same repo, as processes against the test hub. It
 * refuses while the download runs, however long ago its temp file was written (a stalled or 2 KB/s download),
 * and not once the download is stopped, however fresh its temp file (src/transfer/downloads-here.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type CliRun, cliEnv, collect, runCli, startCli } from './run-cli.js';

const WEIGHTS = 'weights.bin';
const REPO_DIR = 'models--org--stalled';

let hub: TestHub;
let hfHome: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/stalled',
    files: [
      { path: 'config.json', content: '{"model_type":"stalled"}' },
      { path: WEIGHTS, size: 1_000_000 },
    ],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-rm-in-use-'));
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

const env = () => cliEnv(hub.url, hfHome, { HUBGET_DATA_DIR: join(hfHome, 'hubget-data') });
const blobsDir = () => join(hfHome, 'hub', REPO_DIR, 'blobs');
const claimsDir = () => join(hfHome, 'hub', '.locks', REPO_DIR);

/** The temp file and resume map of the download run by `pid`, once it has claimed them and both exist. */
async function tempFilesOf(pid: number | undefined): Promise<string[]> {
  let found: string[] = [];
  await vi.waitFor(
    async () => {
      const claims = await readdir(claimsDir()).catch(() => [] as string[]);
      expect(claims.some((name) => name.startsWith(`hubget-${pid}-`) && name.endsWith('.json'))).toBe(true);
      const names = await readdir(blobsDir()).catch(() => [] as string[]);
      found = names.filter((name) => name.includes('.incomplete')).map((name) => join(blobsDir(), name));
      expect(found.some((path) => path.endsWith('.hubget-ranges'))).toBe(true);
    },
    { timeout: 30_000, interval: 100 },
  );
  return found;
}

async function setMtimes(paths: string[], when: Date): Promise<void> {
  for (const path of paths) await utimes(path, when, when);
}

/** A `hubget download` of the repo, stalled on the weights (a 64 KB prefix written), and its temp files. */
async function stalledDownload(): Promise<{ child: ChildProcess; exit: Promise<CliRun>; temps: string[] }> {
  // Every stream of the weights stalls after 64 KB for two minutes; the download waits (--stall-timeout).
  hub.setFaults({ stallAfterBytes: { path: WEIGHTS, bytes: 64 * 1024, stallMs: 120_000 } });
  const started = startCli(
    ['download', 'org/stalled', '--connections', '1', '--stall-timeout', '600'],
    env(),
  );
  children.push(started);
  const exit = collect(started);
  return { child: started, exit, temps: await tempFilesOf(started.pid) };
}

it('rm refuses under a running download, however long ago its temp files were written', async () => {
  const { child, exit, temps } = await stalledDownload();
  // Quiet for five minutes, as far as the temp file and resume map tell: the download still runs.
  await setMtimes(temps, new Date(Date.now() - 5 * 60_000));
  for (const args of [['--yes'], ['--dry-run']]) {
    const refused = await runCli(['rm', 'org/stalled', ...args], env());
    expect(refused.status, refused.stdout).toBe(1);
    expect(refused.stderrLines[0]).toBe(
      `error [IN_USE]: org/stalled is being downloaded by pid ${child.pid}; wait for that download to finish or stop it, then run this again`,
    );
  }
  expect((await readdir(blobsDir())).length).toBeGreaterThan(0);
  child.kill('SIGINT');
  expect((await exit).status).toBe(130);
}, 60_000);

it('rm does not refuse once the download was stopped, however fresh its temp files', async () => {
  const { child, exit, temps } = await stalledDownload();
  // Stopped with Ctrl-C; its temp files were written just now: nothing owns them any more.
  child.kill('SIGINT');
  expect((await exit).status).toBe(130);
  await setMtimes(temps, new Date());
  const dry = await runCli(['rm', 'org/stalled', '--dry-run'], env());
  expect(dry.status, dry.stderr).toBe(0);
  expect(dry.stdoutLines[0]).toMatch(/^Would delete org\/stalled \(1 revision, whole repo\): frees /);
  const deleted = await runCli(['rm', 'org/stalled', '--yes'], env());
  expect(deleted.status, deleted.stderr).toBe(0);
  await expect(readdir(join(hfHome, 'hub', REPO_DIR))).rejects.toThrow(/ENOENT/);
}, 60_000);
