/**
 * `hubget serve 2>&1 | tee log`, then Ctrl-C: the terminal's SIGINT ends tee as well, so the server's log
 * lines go to a pipe nobody reads. It must still stop (installShutdownSignals: 15 s at most). It hung in
 * process.exit, for ever, whatever signal came next: pino's default stdout writer flushed its unwritten
 * lines there and retried a failed write (EPIPE) every 100 ms (serve-log-stream.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { serveFolders, spawnServe } from './serve-process.js';

let dir: string | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The shutdown's own limit (installShutdownSignals) and then some: not a speed test. */
const STOP_BOUND_MS = 25_000;

it('stops on SIGINT after the reader of its stdout went away', { timeout: 60_000 }, async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-log-reader-gone-'));
  // No Hub is contacted: the endpoint is a closed loopback port.
  const server = spawnServe(serveFolders(dir), 'http://127.0.0.1:9');
  children.push(server.child);
  const url = await server.listening;
  // Two requests, as in the report (a server that only started exited).
  for (let i = 0; i < 2; i++) expect((await fetch(`${url}/api/downloads`)).status).toBe(200);
  // The reader goes away, as tee on Ctrl-C: the server's next log line fails with EPIPE.
  server.child.stdout?.destroy();
  server.child.kill('SIGINT');
  const stopped = await Promise.race([
    server.exited,
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), STOP_BOUND_MS)),
  ]);
  expect(stopped, server.output()).toEqual({ code: 0, signal: null });
});
