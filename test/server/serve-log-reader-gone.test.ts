/**
 * `hubget serve 2>&1 | tee log`, then Ctrl-C: the terminal's SIGINT ends tee as well, so the server's log
 * lines go to a pipe nobody reads. It must still stop (installShutdownSignals: 15 s at most). It hung in
 * process.exit, for ever, whatever signal came next: pino's default stdout writer wrote its unwritten lines
 * there and retried a failed write (EPIPE) every 100 ms (serve.ts, stdoutLog).
 *
 * Made certain rather than left to a race: the reader (a FIFO this test holds open and never reads) lets
 * the pipe fill with one long log line, the server is sent SIGINT, and the reader goes away only once the
 * server's main thread waits to write to the full pipe (stdout is non-blocking: the writer sleeps 100 ms
 * between tries, a futex wait in Linux's /proc wchan): the old writer did that in process.exit.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { serveArgs, serveFolders } from './serve-process.js';

const ROOT = join(import.meta.dirname, '..', '..');

let dir: string | undefined;
let readerFd: number | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (readerFd !== undefined) closeSync(readerFd);
  readerFd = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The shutdown's own limit (installShutdownSignals) and then some: not a speed test. */
const STOP_BOUND_MS = 25_000;
/** One log line longer than a pipe holds (64 KiB on Linux). */
const LONG_QUERY = 'x'.repeat(100_000);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: string, check: () => boolean | Promise<boolean>, output: () => string) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 20_000) throw new Error(`${what} did not happen:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it.skipIf(process.platform !== 'linux')(
  'stops on SIGINT once the reader of its stdout went away',
  { timeout: 90_000 },
  async () => {
    dir = await mkdtemp(join(tmpdir(), 'hubget-log-reader-gone-'));
    const fifo = join(dir, 'log');
    execFileSync('mkfifo', [fifo]);
    // The reader end first (not blocking), then the writer end, the server's stdout, as a shell pipe's.
    readerFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writerFd = openSync(fifo, 'w');
    const folders = serveFolders(dir);
    const port = await freePort();
    const child = spawn(process.execPath, serveArgs(folders, port), {
      cwd: ROOT,
      // No Hub is contacted: the endpoint is a closed loopback port. A long URL is let in, for a long log line.
      env: {
        ...process.env,
        HF_ENDPOINT: 'http://127.0.0.1:9',
        HUBGET_API_TOKEN: '',
        NODE_OPTIONS: '--max-http-header-size=200000',
      },
      stdio: ['ignore', writerFd, 'pipe'],
    });
    closeSync(writerFd);
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = `http://127.0.0.1:${port}`;
    const answers = async () => (await fetch(`${url}/api/downloads`).catch(() => undefined))?.status === 200;
    await until('listening', answers, () => stderr);
    // Two requests, as in the report; then a line the pipe cannot take whole.
    expect(await answers()).toBe(true);
    await fetch(`${url}/api/downloads?pad=${LONG_QUERY}`);
    child.kill('SIGINT');
    // The server waits to write to the full pipe (the old writer in process.exit, after closing): seen
    // several times in a row, not one wait of another kind.
    const wchan = `/proc/${child.pid}/wchan`;
    let waits = 0;
    const waitingToWrite = () => {
      waits = readFileSync(wchan, 'utf8').startsWith('futex') ? waits + 1 : 0;
      return waits >= 6;
    };
    await until('a wait to write to the full pipe', waitingToWrite, () => stderr);
    // The reader goes away, as tee on Ctrl-C: the write fails with EPIPE.
    closeSync(readerFd);
    readerFd = undefined;
    const stopped = await Promise.race([
      exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), STOP_BOUND_MS)),
    ]);
    expect(stopped, stderr).toEqual({ code: 0, signal: null });
  },
);
