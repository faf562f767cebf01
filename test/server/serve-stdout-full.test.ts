/**
 * `hubget serve > /dev/full` (a full disk behind `> file`): its log cannot be written. It ends as any command
 * whose stdout fails (src/cli/output-failure.ts): one error line on stderr and status 1, not a Node stack
 * from the log's writer, and it stops as on SIGTERM, so the next start finds a clean stop. The same when
 * stderr cannot be written either (the terminal both went to closed: EIO on each): the error line is lost,
 * the stop is not (the line's failed write, uncaught, killed the server mid-stop, counted as cut off).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readRunRecord } from '../../src/server/server-run.js';
import { serveArgs, serveFolders } from './serve-process.js';

const ROOT = join(import.meta.dirname, '..', '..');

let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `hubget serve` with stdout on /dev/full, stderr on a pipe read here or on /dev/full too. */
async function serveOnFullDisk(stderrTo: 'pipe' | 'full') {
  dir = await mkdtemp(join(tmpdir(), 'hubget-serve-full-'));
  const folders = serveFolders(dir);
  const full = await open('/dev/full', 'w');
  const child = spawn(process.execPath, serveArgs(folders, 0), {
    cwd: ROOT,
    // No Hub is contacted: the endpoint is a closed loopback port.
    env: { ...process.env, HF_ENDPOINT: 'http://127.0.0.1:9', HUBGET_API_TOKEN: '' },
    stdio: ['ignore', full.fd, stderrTo === 'pipe' ? 'pipe' : full.fd],
  });
  await full.close();
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(timer);
  return { exited, stderr, record: readRunRecord(folders.dataDir) };
}

it.skipIf(process.platform !== 'linux')(
  'stops with one error line and status 1 when its log cannot be written',
  { timeout: 60_000 },
  async () => {
    const { exited, stderr, record } = await serveOnFullDisk('pipe');
    expect(exited, stderr).toEqual({ code: 1, signal: null });
    expect(stderr).toBe('error [DISK_FULL]: Cannot write to standard output: No space left on device\n');
    // Stopped as on SIGTERM: a clean stop, the data dir let go.
    expect(record?.stoppedAt).toEqual(expect.any(Number));
  },
);

it.skipIf(process.platform !== 'linux')(
  'stops as cleanly when its error line cannot be written either',
  { timeout: 60_000 },
  async () => {
    const { exited, record } = await serveOnFullDisk('full');
    expect(exited).toEqual({ code: 1, signal: null });
    expect(record?.stoppedAt).toEqual(expect.any(Number));
  },
);
