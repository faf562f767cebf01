/** `hubget serve` from source as a separate process, as users run it: for crash, restart and lock tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { JobView } from '../../src/api-types.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ServeFolders {
  dataDir: string;
  modelsDir: string;
  cacheDir: string;
}

/** The folders of a server under `dir`: data, models, cache. */
export function serveFolders(dir: string): ServeFolders {
  return { dataDir: join(dir, 'data'), modelsDir: join(dir, 'models'), cacheDir: join(dir, 'cache') };
}

/** Node's arguments for `hubget serve` from source on `port` with the folders given (cwd: the repository root). */
export function serveArgs(folders: ServeFolders, port: number): string[] {
  return [
    ...['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', '--port', String(port)],
    ...['--data-dir', folders.dataDir, '--models-dir', folders.modelsDir, '--cache-dir', folders.cacheDir],
  ];
}

export interface ServeProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The URL it listens on, once it logs it; rejects if it exits first or takes over 20 s. */
  listening: Promise<string>;
}

/** Starts `hubget serve` on `port` (0: any) with the folders and the hub endpoint given. */
export function spawnServe(folders: ServeFolders, hubUrl: string, port = 0): ServeProcess {
  const child = spawn(process.execPath, serveArgs(folders, port), {
    cwd: ROOT,
    env: { ...process.env, HF_ENDPOINT: hubUrl, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1', HUBGET_API_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const url = /hubget listening on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`server exited early:\n${output}`));
    });
  });
  // A test that expects the server to fail never awaits it.
  listening.catch(() => undefined);
  return { child, output: () => output, exited, listening };
}

export async function getJob(url: string, id: string): Promise<JobView> {
  return (await (await fetch(`${url}/api/downloads/${id}`)).json()) as JobView;
}

export async function waitForJob(
  url: string,
  id: string,
  predicate: (job: JobView) => boolean,
  timeoutMs = 30_000,
): Promise<JobView> {
  const started = Date.now();
  for (;;) {
    const job = await getJob(url, id);
    if (predicate(job)) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; job is ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function createJob(url: string, repoId: string): Promise<JobView> {
  const created = await fetch(`${url}/api/downloads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repoId }),
  });
  if (created.status !== 201) throw new Error(`create ${repoId}: ${created.status} ${await created.text()}`);
  return (await created.json()) as JobView;
}
