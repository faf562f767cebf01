/** The standalone test hub (cli.ts) prints its usage for --help instead of crashing on an unknown option. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

it('prints its usage for --help and exits 0, starting no hub', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, '--help'], {
    timeout: 30_000,
  });
  expect(stdout).toMatch(/^Usage: /);
  expect(stdout).toContain('--repo id:SIZE[,COUNT]');
  expect(stdout).not.toContain('HF_ENDPOINT=');
}, 40_000);
