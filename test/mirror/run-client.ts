/** Runs mirror clients inside a network namespace: the JS client script or hubget's own CLI. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ClientOutcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function inNamespace(namespace: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<ClientOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', ...argv],
      {
        cwd: ROOT,
        env: { ...process.env, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1', HF_TOKEN: '', ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started });
      },
    );
  });
}

export function jsClient(namespace: string, args: Record<string, unknown>): Promise<ClientOutcome> {
  return inNamespace(namespace, [join(ROOT, 'test', 'mirror', 'netns-client.ts'), JSON.stringify(args)]);
}

export function hubgetCli(
  namespace: string,
  hubUrl: string,
  cacheDir: string,
  args: string[],
  token?: string,
): Promise<ClientOutcome> {
  return inNamespace(
    namespace,
    [join(ROOT, 'src', 'cli', 'main.ts'), 'download', ...args, '--cache-dir', cacheDir],
    { HF_ENDPOINT: hubUrl, ...(token ? { HF_TOKEN: token } : {}) },
  );
}
