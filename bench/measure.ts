/**
 * Runs one child process and measures it: wall time, CPU seconds (user + system) and peak RSS.
 * With GNU time (/usr/bin/time) the kernel's own accounting of the waited-for child is used (`%U %S %M`);
 * without it, /proc/<pid>/stat and /proc/<pid>/status (VmHWM) are polled, which misses the last < 50 ms.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measurement {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** 'gnu-time' or 'proc-poll'. */
  method: string;
}

const GNU_TIME = '/usr/bin/time';

export async function measure(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Measurement> {
  if (existsSync(GNU_TIME)) return measureWithGnuTime(command, args, options);
  return measureWithProcPolling(command, args, options);
}

async function measureWithGnuTime(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<Measurement> {
  const directory = await mkdtemp(join(tmpdir(), 'hubget-bench-time-'));
  const timeFile = join(directory, 'time.txt');
  try {
    const started = performance.now();
    const run = await runChild(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args], options);
    const wallSeconds = (performance.now() - started) / 1000;
    const lastLine = (await readFile(timeFile, 'utf8')).trim().split('\n').pop() ?? '';
    const [user = 'NaN', system = 'NaN', maxRssKb = 'NaN'] = lastLine.split(' ');
    return {
      ...run,
      wallSeconds,
      cpuSeconds: Number(user) + Number(system),
      peakRssBytes: Number(maxRssKb) * 1024,
      method: 'gnu-time',
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function measureWithProcPolling(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<Measurement> {
  let cpuTicks = 0;
  let peakRssBytes = 0;
  const started = performance.now();
  const run = await runChild(command, args, options, (pid) =>
    setInterval(async () => {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the `comm` field.
        cpuTicks = Number(fields[11]) + Number(fields[12]);
        const status = await readFile(`/proc/${pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakRssBytes = Math.max(peakRssBytes, Number(hwm[1]) * 1024);
      } catch {
        // The process just exited.
      }
    }, 50),
  );
  return {
    ...run,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuTicks / 100,
    peakRssBytes,
    method: 'proc-poll',
  };
}

function runChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string },
  onSpawn?: (pid: number) => NodeJS.Timeout,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-20_000);
    });
    const timer = child.pid !== undefined && onSpawn ? onSpawn(child.pid) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      resolve({ exitCode: code ?? -1, stdout, stderr });
    });
  });
}
