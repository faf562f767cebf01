/**
 * Two `hubget download` processes on the same repo and cache (docs/cache-layout.md, "One writer per file"):
 * the second waits for the file the first is fetching, saying so, and the hub sends it once; and when the
 * first is killed with SIGKILL while it holds the file, the second takes the file over, resuming the bytes the
 * first had written.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv, collect, startCli } from './run-cli.js';

const WEIGHTS = 'weights.bin';
const WEIGHTS_SIZE = 800_000;
/** One connection per file: the paced file is one stream, ~8 s at this rate, so the second start is well inside it. */
const PACED_BYTES_PER_SECOND = 100_000;

let hub: TestHub;
let repo: TestRepo;
let hfHome: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: 'org/shared',
    files: [
      { path: 'config.json', content: '{"model_type":"shared"}' },
      { path: WEIGHTS, size: WEIGHTS_SIZE },
    ],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-twice-'));
});

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

const claimsFolder = () => join(hfHome, 'hub', '.locks', 'models--org--shared');
const snapshot = () => join(hfHome, 'hub', 'models--org--shared', 'snapshots', repo.commit);

function start(extra: string[] = []): ChildProcess {
  const child = startCli(['download', 'org/shared', '--connections', '1', ...extra], cliEnv(hub.url, hfHome));
  children.push(child);
  return child;
}

/** Waits until the first process is fetching the paced file (so it has claimed it). */
async function fetchingWeights(bytes: number): Promise<void> {
  await vi.waitFor(() => expect(hub.bytesServed(WEIGHTS)).toBeGreaterThan(bytes), {
    timeout: 20_000,
    interval: 50,
  });
}

/**
 * The waited-for file's bytes on disk (the other download's) in each `progress` event of `--json` output so far,
 * complete lines only.
 */
function landedWhileWaiting(stdout: string): number[] {
  return stdout
    .slice(0, stdout.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line.includes('"type":"progress"'))
    .flatMap((line) => {
      const event = JSON.parse(line) as { waitingFiles?: { path: string; downloaded: number }[] };
      return (event.waitingFiles ?? [])
        .filter((file) => file.path === WEIGHTS)
        .map((file) => file.downloaded);
    });
}

async function expectRepoInCache(): Promise<void> {
  for (const file of repo.files) {
    expect((await readFile(join(snapshot(), file.path))).equals(repo.contentOf(file.path)), file.path).toBe(
      true,
    );
  }
}

it('makes a second download of the same repo wait for the first: each file crosses the network once', async () => {
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: PACED_BYTES_PER_SECOND, path: WEIGHTS } });
  const first = start();
  const firstRun = collect(first);
  await fetchingWeights(0);
  const second = collect(start());

  const [one, two] = await Promise.all([firstRun, second]);
  expect(one.stderr).not.toMatch(/^error/m);
  expect(two.stderr).not.toMatch(/^error/m);
  expect([one.status, two.status]).toEqual([0, 0]);
  expect(one.stdoutLines.at(-1)).toBe(snapshot());
  expect(two.stdoutLines.at(-1)).toBe(snapshot());
  // Every file's bytes were sent once (the byte counters, not the time taken).
  for (const file of repo.files) expect(hub.bytesServed(file.path), file.path).toBe(file.size);
  // Its plan line says, in one line, that it waits for the weights (and config.json, if the first had not put
  // it in place yet), whose download fetches them, and what happens next; it does not say it fetches them.
  const waitingLines = two.stderrLines.filter((line) => /aiting for/.test(line));
  expect(waitingLines, two.stderr).toEqual([
    expect.stringMatching(
      new RegExp(
        `aiting for (1 file|2 files) \\(800\\.\\d\\d kB\\)[^\\n]* that another download \\(pid ${first.pid}\\) is fetching[^\\n]*\\. This download takes (it|them) once that one has (it|them), and fetches (it|them) itself if that one stops first\\.$`,
      ),
    ),
  ]);
  expect(two.stderr).not.toMatch(/Fetching \d+ files? \(800/);
  // It fetched config.json at most: a rate over the seconds it waited would be a wrong number, so either it
  // fetched nothing, or its rate is over its own fetch and the whole time is said apart.
  const summary = two.stderrLines.find((line) => line.startsWith('Download complete:'));
  expect(summary).toMatch(
    /^Download complete: (800\.00 kB fetched by another download in \d+(\.\d)? s|.* fetched in \d+ ms \(.*\), 800\.00 kB fetched by another download; \d+(\.\d)? s in all)$/,
  );
  await expectRepoInCache();
  // Both runs' records and locks are gone; the folder's mutex stays, like huggingface_hub's lock files.
  expect(await readdir(claimsFolder())).toEqual(['hubget.lock']);
}, 60_000);

it('lets the waiting download take a file over when the one fetching it is killed with SIGKILL', async () => {
  // Only the first stream is paced: the killed process's (slower still: it must outlast the second's start,
  // and it is killed anyway). The takeover's request runs at full speed.
  hub.setFaults({
    perStreamBytesPerSecond: { bytesPerSecond: PACED_BYTES_PER_SECOND / 2, path: WEIGHTS, times: 1 },
  });
  const first = start();
  const firstRun = collect(first);
  // The first has written (and recorded) some of the file before the second arrives.
  await fetchingWeights(100_000);
  const second = start(['--json']);
  let stdout = '';
  second.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  const secondRun = collect(second);
  await vi.waitFor(() => expect(stdout).toContain('"type":"file-waiting"'), {
    timeout: 20_000,
    interval: 50,
  });
  // The second has seen the first's bytes of the file grow since its plan: the first's resume map is past
  // the plan's count, so the takeover must start from the map, not from the plan.
  await vi.waitFor(() => expect(new Set(landedWhileWaiting(stdout)).size).toBeGreaterThanOrEqual(2), {
    timeout: 20_000,
    interval: 50,
  });

  first.kill('SIGKILL');
  expect((await firstRun).signal).toBe('SIGKILL');
  const takeoverFrom = hub.requests.length;
  const two = await secondRun;
  expect(two.stderr).not.toMatch(/^error/m);
  expect(two.status).toBe(0);
  const events = two.stdoutLines.map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
  expect(events.find((event) => event.type === 'file-waiting')).toMatchObject({
    path: WEIGHTS,
    size: WEIGHTS_SIZE,
    owner: { pid: first.pid },
  });
  expect(events.at(-1)).toMatchObject({ type: 'done', resultPath: snapshot() });
  await expectRepoInCache();
  // Resumed where the killed process's resume map ended: about one copy crossed the network, and the
  // takeover asked for a range that does not start at 0.
  expect(hub.bytesServed(WEIGHTS)).toBeLessThan(WEIGHTS_SIZE * 1.25);
  const ranges = hub.requests
    .filter((request) => request.host === 'cdn' && request.file === WEIGHTS && request.range !== undefined)
    .map((request) => Number(/^bytes=(\d+)-/.exec(request.range!)?.[1]));
  expect(ranges[0]).toBe(0);
  expect(ranges.slice(1).some((start) => start > 0)).toBe(true);
  // Its file-start says what the killed process had recorded (where the takeover's request begins), at least
  // what it showed landing while it waited; so its progress never goes back.
  const started = events.find((event) => event.type === 'file-start' && event.path === WEIGHTS);
  const [takeoverStart] = hub.requests
    .slice(takeoverFrom)
    .filter((request) => request.host === 'cdn' && request.file === WEIGHTS && request.range !== undefined)
    .map((request) => Number(/^bytes=(\d+)-/.exec(request.range!)?.[1]));
  expect(started?.resumedBytes).toBe(takeoverStart);
  expect(started?.resumedBytes).toBeGreaterThanOrEqual(Math.max(...landedWhileWaiting(two.stdout)));
  const downloaded = events
    .filter((event) => event.type === 'progress')
    .map((event) => event.downloaded as number);
  expect(downloaded.every((bytes, index) => index === 0 || bytes >= downloaded[index - 1]!)).toBe(true);
  // The killed run's record and lock were cleaned up by the one that found it gone.
  expect(await readdir(claimsFolder())).toEqual(['hubget.lock']);
}, 60_000);
