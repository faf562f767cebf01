/**
 * The real process on a pseudo-terminal (util-linux `script`): bars are drawn on stderr when it is a TTY,
 * cleared at the end, and the path is still the last line; `rm`'s confirmation prompt takes Ctrl-C. Skipped without `script`, except in CI, where
 * that is a failure (test/support/setup-required.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { describeWithSetup } from '../support/setup-required.js';
import { cliEnv, collect, REPO_ROOT, runCli } from './run-cli.js';

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let hub: TestHub;
let repo: TestRepo;
let hfHome: string;

beforeAll(async () => {
  hub = await startTestHub({ faults: { perStreamBytesPerSecond: { bytesPerSecond: 1_000_000 } } });
  repo = await hub.addRepo({ repoId: 'org/tty', files: [{ path: 'weights.bin', size: 3_000_000 }] });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-cli-tty-'));
});

afterAll(async () => {
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

/** `hubget <args>` from source on a pseudo-terminal of `columns` columns, its HF_HOME `home`. */
function startOnTerminal(
  columns: number,
  args: string[],
  home: string,
  options: { stdin?: 'ignore' | 'pipe' } = {},
): ChildProcess {
  const command = `stty cols ${columns}; exec ${process.execPath} --import tsx src/cli/main.ts ${args.join(' ')}`;
  return spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: REPO_ROOT,
    env: cliEnv(hub.url, home),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

const describeOnTerminal = describeWithSetup(
  hasScript,
  '`script` (util-linux, Debian package bsdutils) is not installed',
);

describeOnTerminal('hubget download on a terminal', () => {
  it('draws a total bar and a file bar, then leaves the summary and the path', async () => {
    const run = await collect(startOnTerminal(120, ['download', 'org/tty', '--connections', '2'], hfHome));
    expect(run.status, run.stdout).toBe(0);
    const screen = stripVTControlCharacters(run.stdout);
    expect(screen).toMatch(
      /Total 0\/1 files +\[[█░]+\] +\d+% \| +[\d.]+ [kM]?B \/ +3\.00 MB \| +[\d.]+ [kM]?B\/s \| ETA (—|\d+ s|\d+ min \d\d s)/,
    );
    expect(screen).toMatch(/ {2}weights\.bin +\[[█░]+\] +\d+% \| +[\d.]+ [kM]?B \/ +3\.00 MB/);
    const lines = screen
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    expect(lines.at(-1)).toBe(join(hfHome, 'hub', 'models--org--tty', 'snapshots', repo.commit));
    // Raw PTY bytes without a terminal emulator: the bars' erase sequences are stripped, so the summary
    // line shares a line with the last bar frame here (a real terminal shows it alone; checked in tmux).
    expect(screen).toMatch(
      /Download complete: 3\.00 MB fetched in (\d+ ms|\d+(\.\d)? s) \([\d.]+ [kM]?B\/s\)\r?\n/,
    );
  });

  it.each([
    [60, /^Total [01]\/1 files +\d+% \| +([\d.]+ [kM]?B\/s \| ETA \S.*|verifying)$/],
    [
      80,
      /^Total [01]\/1 files +\d+% \| +[\d.]+ [kM]?B \/ +3\.00 MB \| +([\d.]+ [kM]?B\/s \| ETA \S.*|verifying)$/,
    ],
    [
      100,
      /^Total [01]\/1 files \[[█░]{10,}\] +\d+% \| +[\d.]+ [kM]?B \/ +3\.00 MB \| +([\d.]+ [kM]?B\/s \| ETA \S.*|verifying)$/,
    ],
  ])('at %i columns keeps speed and ETA, and the same parts in every frame', async (columns, shape) => {
    const home = await mkdtemp(join(tmpdir(), 'hubget-cli-tty-width-'));
    try {
      const run = await collect(
        startOnTerminal(columns, ['download', 'org/tty', '--connections', '2'], home),
      );
      expect(run.status, run.stdout).toBe(0);
      // Each frame redraws the bars after cursor moves: cut the output there to see the frames one by one.
      const frames = run.stdout
        .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '\n')
        .split(/[\r\n]+/)
        .filter((line) => line.startsWith('Total'))
        .map((line) => line.trimEnd());
      expect(frames.length).toBeGreaterThan(1);
      for (const frame of frames) {
        expect(frame, frame).toMatch(shape);
        expect(frame.length, frame).toBeLessThan(columns);
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('Ctrl-C at the rm confirmation ends the line, deletes nothing and exits 130', async () => {
    const download = await runCli(['download', 'org/tty', '-q'], cliEnv(hub.url, hfHome));
    expect(download.status, download.stderr).toBe(0);
    const child = startOnTerminal(120, ['rm', 'org/tty'], hfHome, { stdin: 'pipe' });
    let seen = '';
    const onOutput = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (!seen.includes('[y/N]')) return;
      // The prompt is up: press Ctrl-C (the terminal is raw while readline reads, so it arrives as a key).
      child.stdout?.off('data', onOutput);
      child.stdin?.write('\u0003');
    };
    child.stdout?.on('data', onOutput);
    const run = await collect(child);
    const screen = stripVTControlCharacters(run.stdout);
    expect(run.status, screen).toBe(130);
    expect(screen).toMatch(/\[y\/N\] *\r?\nNothing deleted\.\r?\n/);
    expect(screen).not.toMatch(/error|ABORTED/);
    await access(download.stdoutLines.at(-1)!);
  });
});
