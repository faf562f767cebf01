/** Spawns the real `hubget` CLI from source (node --import tsx src/cli/main.ts), as a user would run it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'src', 'cli', 'main.ts');

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutLines: string[];
  stderrLines: string[];
  /**
   * `stderrLines` without the `Listing org/name…` notice a listing slower than 1 s prints first
   * (src/cli/listing-notices.ts): on a loaded machine any listing may be that slow, so a test of what follows reads
   * these (a CI run's first line was the notice, not the error under test).
   */
  reportLines: string[];
}

/** The `Listing org/name…` notice of a listing slower than 1 s (src/cli/listing-notices.ts). */
export const LISTING_NOTICE = /^Listing \S+…$/;

/**
 * The environment of one test: endpoint and HF_HOME set, every inherited HF/proxy variable removed, and the
 * server data folder (`hubget ls` and `rm` read a server's stored jobs there) inside the test's HF_HOME, never
 * this machine's own `~/.local/share/hubget`.
 */
export function cliEnv(
  endpoint: string,
  hfHome: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(HF_|HUGGING_FACE|HUGGINGFACE|XDG_CACHE_HOME|HUBGET_|https?_proxy|no_proxy)/i.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    HF_ENDPOINT: endpoint,
    HF_HOME: hfHome,
    HUBGET_DATA_DIR: join(hfHome, 'hubget-data'),
    ...extra,
  };
}

export interface StartOptions {
  /** A file descriptor for the CLI's stdout (say, of /dev/full) instead of a pipe read into `stdout`. */
  stdout?: number;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, options: StartOptions = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      resolve({
        status,
        signal,
        stdout,
        stderr,
        stdoutLines: stdout.split('\n').filter((line) => line !== ''),
        stderrLines: stderr.split('\n').filter((line) => line !== ''),
        reportLines: stderr.split('\n').filter((line) => line !== '' && !LISTING_NOTICE.test(line)),
      });
    });
  });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<CliRun> {
  return collect(startCli(args, env, options));
}
