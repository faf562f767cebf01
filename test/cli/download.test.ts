/**
 * End-to-end: the `hubget download` process against the test hub — stdout/stderr contract, dry run, NDJSON,
 * local-dir, filters, errors, non-TTY progress lines (stopping: download-stop.test.ts).
 */
import { readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTIONS_REASON_LABELS } from '../../src/format/connections-label.js';
import { formatBytes } from '../../src/format/units.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { hfHomePerTest } from './hf-home-per-test.js';
import { runCli } from './run-cli.js';

/** The reasons' short labels, as the progress line may end with one (`8 conns · CPU-bound`). */
const REASON_LABELS = Object.values(CONNECTIONS_REASON_LABELS).join('|');

const ERROR_LINE = /^error \[[A-Z_]+\]: \S/;

let hub: TestHub;
let repo: TestRepo;
let escapesRepo: TestRepo;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: 'org/tiny',
    files: [
      { path: 'config.json', content: '{"model_type":"tiny"}' },
      { path: 'tokenizer.json', content: '{"vocab":{}}' },
      { path: 'model.safetensors', size: 300_000 },
      { path: 'extra/notes.txt', content: 'hello' },
    ],
  });
  await hub.addRepo({ repoId: 'org/slow', files: [{ path: 'weights.bin', size: 2_000_000 }] });
  await hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'model.bin', size: 20_000 }] });
  await hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 20_000 }],
  });
  escapesRepo = await hub.addRepo({
    repoId: 'org/escapes',
    files: [
      { path: HOSTILE_NAME, content: 'x' },
      { path: NEWLINE_NAME, content: 'y' },
    ],
  });
});

/** A file name that sets the terminal's title and rings its bell when printed raw (a hostile listing). */
const HOSTILE_NAME = 'evil\u001b]0;pwned\u0007.bin';
/** A file name that would split a line of output in two (the path line, a table row, a warning). */
const NEWLINE_NAME = 'new\nline.txt';

afterAll(async () => {
  await hub.close();
});

const home = hfHomePerTest('hubget-cli-', () => hub);
const env = home.env;
const snapshotOf = (testRepo: TestRepo) =>
  join(home.path, 'hub', `models--${testRepo.repoId.replace('/', '--')}`, 'snapshots', testRepo.commit);

async function expectContent(filePath: string, testRepo: TestRepo, path: string): Promise<void> {
  expect((await readFile(filePath)).equals(testRepo.contentOf(path)), path).toBe(true);
}

describe('hubget download', () => {
  it('downloads a repo into the HF cache and prints the snapshot path last', async () => {
    const run = await runCli(['download', 'org/tiny'], env());
    expect(run.stderr).not.toMatch(ERROR_LINE);
    expect(run.status).toBe(0);
    expect(run.stdoutLines.at(-1)).toBe(snapshotOf(repo));
    for (const file of repo.files) await expectContent(join(snapshotOf(repo), file.path), repo, file.path);
    // Not a TTY: plain log lines, no bar redraws.
    expect(run.stderr).toContain('Fetching 4 files');
    expect(run.stderr).toMatch(/Download complete: /);
    expect(run.stderr).not.toContain('\u001b[');
  });

  it('prints the single file path when one file is asked for', async () => {
    const run = await runCli(['download', 'org/tiny', 'config.json', '--quiet'], env());
    expect(run.status).toBe(0);
    expect(run.stdoutLines).toEqual([join(snapshotOf(repo), 'config.json')]);
    expect(run.stderr).toBe('');
    await expectContent(run.stdoutLines[0]!, repo, 'config.json');
  });

  it('shows the control characters of a listed file name as escapes, on stdout and stderr alike', async () => {
    for (const args of [[], ['--dry-run'], ['--max-workers', '1']]) {
      const run = await runCli(['download', 'org/escapes', HOSTILE_NAME, ...args], env());
      expect(run.status, run.stderr).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u0007\u001b]/);
      expect(run.stdout).toContain('evil\\x1b]0;pwned\\x07.bin');
    }
    // The file itself keeps its name; only what is printed is escaped.
    expect(await readFile(join(snapshotOf(escapesRepo), HOSTILE_NAME), 'utf8')).toBe('x');
  });

  it('keeps a file name with a newline on one line: the table row, and the path as the last line', async () => {
    const dry = await runCli(['download', 'org/escapes', NEWLINE_NAME, '--dry-run'], env());
    expect(dry.stdoutLines.filter((line) => line.startsWith('fetch'))).toEqual([
      // Quoted: a newline is special to a shell (src/format/shell-word.ts); shown as its escape.
      expect.stringMatching(/ 'new\\x0aline\.txt'$/),
    ]);
    const run = await runCli(['download', 'org/escapes', NEWLINE_NAME], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines.at(-1)).toBe(join(snapshotOf(escapesRepo), 'new\\x0aline.txt'));
    expect(await readFile(join(snapshotOf(escapesRepo), NEWLINE_NAME), 'utf8')).toBe('y');
  });

  it('--dry-run lists files and sizes and fetches nothing; afterwards it shows them present', async () => {
    hub.clearRequests();
    const dry = await runCli(['download', 'org/tiny', '--dry-run'], env());
    expect(dry.status).toBe(0);
    expect(
      hub.requests.filter((request) => request.host === 'cdn' || request.path.includes('/resolve')),
    ).toEqual([]);
    await expect(stat(join(home.path, 'hub', 'models--org--tiny', 'snapshots'))).rejects.toThrow();
    expect(dry.stdout).toMatch(/fetch +300\.00 kB +model\.safetensors/);
    expect(dry.stdoutLines.at(-1)).toMatch(
      /^Would fetch 4 of 4 files: 300\.\d\d kB to download, 0 B already present/,
    );

    expect((await runCli(['download', 'org/tiny', 'config.json', '-q'], env())).status).toBe(0);
    const after = await runCli(['download', 'org/tiny', '--dry-run', '--json'], env());
    const plan = JSON.parse(after.stdoutLines.at(-1)!);
    expect(plan).toMatchObject({
      type: 'plan',
      dryRun: true,
      filesTotal: 4,
      filesPresent: 1,
      commit: repo.commit,
    });
  });

  it('--json prints NDJSON events: plan, progress, done (which carries the path)', async () => {
    const run = await runCli(['download', 'org/tiny', '--json'], env());
    expect(run.status).toBe(0);
    const events = run.stdoutLines.map((line) => JSON.parse(line) as { type: string; resultPath?: string });
    const types = new Set(events.map((event) => event.type));
    for (const type of ['plan', 'progress', 'file-start', 'file-done', 'done']) expect(types).toContain(type);
    expect(events.at(-1)).toMatchObject({ type: 'done', resultPath: snapshotOf(repo) });
    expect(run.stderr).toBe('');
  });

  it('--local-dir writes real files and prints the folder', async () => {
    const localDir = join(home.path, 'models', 'tiny');
    const run = await runCli(['download', 'org/tiny', '--local-dir', localDir, '-q'], env());
    expect(run.status).toBe(0);
    expect(run.stdoutLines.at(-1)).toBe(await realpath(localDir));
    await expectContent(join(localDir, 'extra', 'notes.txt'), repo, 'extra/notes.txt');
    expect((await stat(join(localDir, 'model.safetensors'))).isFile()).toBe(true);
  });

  it('--local-dir with the repo in the HF cache says it copies from there: dry run, plan line, summary', async () => {
    expect((await runCli(['download', 'org/tiny', '-q'], env())).status).toBe(0);
    const localDir = join(home.path, 'models', 'tiny-from-cache');
    const total = repo.files.reduce((sum, file) => sum + file.size, 0);
    const size = (bytes: number) => formatBytes(bytes).replace('.', '\\.');

    const dry = await runCli(['download', 'org/tiny', '--local-dir', localDir, '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    const rows = dry.stdoutLines.slice(2, -1);
    expect(rows).toHaveLength(repo.files.length);
    for (const row of rows) expect(row).toMatch(/^copy +\S+ \S+ +\S+ \(from the HF cache\)$/);
    expect(dry.stdoutLines.at(-1)).toMatch(
      new RegExp(
        `^Would fetch 0 of 4 files, copy 4 from the HF cache: 0 B to download, ${size(total)} to copy, ` +
          `0 B already present, ${size(total)} in total$`,
      ),
    );

    hub.clearRequests();
    const run = await runCli(['download', 'org/tiny', '--local-dir', localDir], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.reportLines[0]).toBe(
      `Copying 4 files (${formatBytes(total)}) of org/tiny@${repo.commit.slice(0, 7)} from the HF cache`,
    );
    expect(run.stderrLines.at(-1)).toMatch(
      new RegExp(`^Download complete: ${size(total)} copied from the HF cache in (\\d+ ms|\\d+(\\.\\d)? s)$`),
    );
    expect(hub.requests.filter((entry) => entry.host === 'cdn')).toHaveLength(0);
    await expectContent(join(localDir, 'model.safetensors'), repo, 'model.safetensors');
  });

  it('--include and --exclude select files (fnmatch, `*` crosses folders)', async () => {
    const run = await runCli(
      ['download', 'org/tiny', '--include', '*.json', '*.txt', '--exclude', 'tok*', '-q'],
      env(),
    );
    expect(run.status).toBe(0);
    const snapshot = snapshotOf(repo);
    await expectContent(join(snapshot, 'config.json'), repo, 'config.json');
    await expectContent(join(snapshot, 'extra/notes.txt'), repo, 'extra/notes.txt');
    await expect(stat(join(snapshot, 'tokenizer.json'))).rejects.toThrow();
    await expect(stat(join(snapshot, 'model.safetensors'))).rejects.toThrow();
  });

  it('prints a progress line in the documented format when stderr is not a terminal', async () => {
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } });
    const run = await runCli(['download', 'org/slow', '--connections', '2', '--log-interval', '0.2'], env());
    expect(run.status).toBe(0);
    const progress = run.stderrLines.filter((line) => line.startsWith('Download progress:'));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const line of progress) {
      // Speed and ETA while bytes come in; "verifying" once all 2 MB are on disk and the file is not done yet.
      // Then the connections open and why, while any is open (`1 conn · measuring`).
      expect(line).toMatch(
        new RegExp(
          String.raw`^Download progress: \d{1,3}% \(\d+(\.\d\d)? [kMG]?B \/ 2\.00 MB\) \| [01]\/1 files \| ` +
            String.raw`([\d.]+ [kMG]?B\/s \| ETA (—|\d+ s|\d+ min \d\d s)|verifying)` +
            String.raw`( \| [12] conns?( · (${REASON_LABELS}))?)?$`,
        ),
      );
      if (line.includes('(2.00 MB / 2.00 MB) | 0/1 files')) expect(line).toMatch(/\| verifying( \||$)/);
    }
  });
});

describe('hubget download failures', () => {
  async function expectFailure(args: string[], code: string, extraEnv: Record<string, string> = {}) {
    const run = await runCli(args, env(extraEnv));
    expect(run.status, run.stderr).toBe(1);
    // Progress lines may come first (the plan was known); the error is one line, and the last.
    expect(run.stderrLines.filter((line) => /^(error|Failed)/i.test(line))).toHaveLength(1);
    expect(run.stderrLines.at(-1)).toMatch(ERROR_LINE);
    expect(run.stderrLines.at(-1)).toContain(`error [${code}]: `);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    return run;
  }

  it('rejects a malformed repo id', async () => {
    const run = await expectFailure(['download', 'bad//id'], 'INVALID_REPO_ID');
    expect(run.stderrLines).toHaveLength(1);
  });

  it('reports a missing repo', async () => {
    const run = await expectFailure(['download', 'org/missing'], 'REPO_NOT_FOUND');
    expect(run.reportLines).toHaveLength(1);
  });

  it('reports a gated repo without a token, and with a wrong one, naming the repo and its page', async () => {
    const run = await expectFailure(['download', 'org/gated'], 'GATED_REPO');
    expect(run.stderrLines.at(-1)).toBe(
      `error [GATED_REPO]: Model org/gated is gated: request access at ${hub.url}/org/gated and use a token ` +
        'of the account that has access (pass a token with --token or HF_TOKEN)',
    );
    const wrong = await runCli(['download', 'org/gated'], env({ HF_TOKEN: 'hf_not_the_right_one' }));
    expect(wrong.stderrLines.at(-1)).toMatch(
      /^error \[(GATED_REPO|UNAUTHORIZED)\]: .*\(the token came from HF_TOKEN\)$/,
    );
    // A stale token file rejected: the message names the file, the one thing to fix.
    await writeFile(join(home.path, 'token'), 'hf_stale');
    const stale = await runCli(['download', 'org/gated'], env());
    expect(stale.stderrLines.at(-1)).toMatch(
      new RegExp(`\\(the token came from the token file ${home.path}/token\\)$`),
    );
  });

  it('refuses a gated repo without access before it writes anything: one HEAD with a token, none without', async () => {
    const requests = () => hub.requests.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`);
    hub.clearRequests();
    const noToken = await expectFailure(['download', 'org/gated'], 'GATED_REPO');
    // The plan's line (`Fetching 1 file …`) never came: refused before the run started.
    expect(noToken.stderr).not.toContain('Fetching');
    expect(requests()).toEqual(['GET /api/models/org/gated/revision/main']);
    hub.clearRequests();
    const denied = await expectFailure(['download', 'org/gated-denied'], 'GATED_REPO', {
      HF_TOKEN: hub.token,
    });
    expect(denied.stderr).not.toContain('Fetching');
    expect(denied.stderrLines.at(-1)).toBe(
      `error [GATED_REPO]: Model org/gated-denied is gated: your token has not been granted access yet: ` +
        `request access at ${hub.url}/org/gated-denied`,
    );
    const [info, head, ...more] = requests();
    expect([info, head?.replace(/[0-9a-f]{40}/, 'C'), ...more]).toEqual([
      'GET /api/models/org/gated-denied/revision/main',
      'HEAD /org/gated-denied/resolve/C/model.bin',
    ]);
    // No refs, lock folder, temp file or resume map: nothing for `hubget rm` to find.
    expect(await readdir(home.path, { recursive: true })).toEqual([]);
  });

  it('downloads a gated repo with HF_TOKEN (control for the case above)', async () => {
    const run = await runCli(['download', 'org/gated', '-q'], env({ HF_TOKEN: hub.token }));
    expect(run.status, run.stderr).toBe(0);
  });

  it('reports an unreachable endpoint', async () => {
    const port = await closedPort();
    await expectFailure(
      ['download', 'org/tiny', '--endpoint', `http://127.0.0.1:${port}`],
      'NETWORK_UNREACHABLE',
    );
  });

  it('with --json also ends stdout with a failed event', async () => {
    const run = await runCli(['download', 'org/missing', '--json'], env());
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdoutLines.at(-1)!)).toMatchObject({
      type: 'failed',
      error: { code: 'REPO_NOT_FOUND' },
    });
  });

  it('shows the stack only with HUBGET_DEBUG=1', async () => {
    const run = await runCli(['download', 'org/missing'], env({ HUBGET_DEBUG: '1' }));
    expect(run.status).toBe(1);
    expect(run.reportLines[0]).toMatch(/^error \[REPO_NOT_FOUND\]/);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['download', 'org/tiny', '--no-such-flag'],
      ['download', 'org/tiny', '--limit-rate', 'fast'],
      ['download', 'org/tiny', '--limit-rate', '0.4'],
      ['download', 'org/tiny', '--repo-type', 'kernel'],
      ['download'],
      ['frobnicate'],
    ]) {
      const run = await runCli(args, env());
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/error: /);
    }
  });
});
