/**
 * End-to-end: `hubget rm --json` prints one JSON object (the plan with --dry-run, what was deleted with --yes,
 * or the error), asks nothing, and is a usage error without --yes or --dry-run: for a quantization
 * (`org/name:QUANT`), a whole repo and a local dir.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ggufCliFixture } from './gguf-cli.js';
import { runCli } from './run-cli.js';

const cli = ggufCliFixture('hubget-rm-json-');
const { env, snapshot } = cli;
const repoDir = () => join(cli.hfHome, 'hub', 'models--org--tiny-gguf');

const rmJson = async (args: string[], status = 0) => {
  const run = await runCli(['rm', ...args, '--json'], env());
  expect(run.status, run.stderr).toBe(status);
  expect(run.stdoutLines).toHaveLength(1);
  return JSON.parse(run.stdoutLines[0]!) as Record<string, unknown>;
};

describe('hubget rm --json', () => {
  it('needs --yes or --dry-run: it asks nothing (usage error, exit 2, nothing on stdout)', async () => {
    const run = await runCli(['rm', 'org/tiny-gguf', '--json'], env());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderrLines[0]).toBe(
      'error: --json asks nothing: add --yes to delete, or --dry-run to see what would go',
    );
  });

  it('says the plan of a quantization, deletes it, and says why it cannot delete one not on disk', async () => {
    for (const quant of ['Q2_K', 'Q6_K']) {
      const run = await runCli(['download', `org/tiny-gguf:${quant}`, '--quiet'], env());
      expect(run.status, run.stderr).toBe(0);
    }
    const quantFiles = ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'];
    const planned = await rmJson(['org/tiny-gguf:q6_k', '--dry-run']);
    expect(planned).toMatchObject({
      dryRun: true,
      deleted: false,
      target: 'quant',
      repoId: 'org/tiny-gguf',
      repoType: 'model',
      commits: [cli.gguf.commit],
      quant: 'Q6_K',
      remainingQuants: ['Q2_K'],
      plannedBytes: 70_000,
      keptPaths: [],
      message: 'Would delete org/tiny-gguf quantization Q6_K (2 files; keeps Q2_K): frees 70.00 kB',
    });
    for (const file of quantFiles) expect(planned.paths).toContain(join(snapshot(), file));
    expect(existsSync(join(snapshot(), quantFiles[0]!))).toBe(true);

    const refused = await rmJson(['org/tiny-gguf:Q8_0', '--yes'], 1);
    expect(refused).toEqual({
      deleted: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'No quantization Q8_0 of org/tiny-gguf in the cache; on disk: Q2_K, Q6_K',
        retryable: false,
      },
    });

    const done = await rmJson(['org/tiny-gguf:Q6_K', '--yes']);
    expect(done).toMatchObject({ dryRun: false, deleted: true, quant: 'Q6_K', freedBytes: 70_000 });
    expect(done.message).toBe(
      'Deleted org/tiny-gguf quantization Q6_K (2 files; keeps Q2_K): freed 70.00 kB',
    );
    expect(existsSync(join(snapshot(), quantFiles[0]!))).toBe(false);
  });

  it('deletes a whole repo, naming the quantizations that go with it', async () => {
    const done = await rmJson(['org/tiny-gguf', '--yes']);
    expect(done).toMatchObject({
      deleted: true,
      target: 'repo',
      repoId: 'org/tiny-gguf',
      commits: [cli.gguf.commit],
      quants: ['Q2_K'],
    });
    // The repo folder, and its lock folder beside it.
    expect((done.paths as string[])[0]).toBe(repoDir());
    expect(done.freedBytes).toBe(done.plannedBytes);
    expect(existsSync(repoDir())).toBe(false);
  });

  it('lists the files of a local dir that stay apart (keptPaths)', async () => {
    const folder = join(cli.hfHome, 'models', 'tiny');
    const run = await runCli(['download', 'org/tiny-gguf:Q2_K', '--local-dir', folder, '--quiet'], env());
    expect(run.status, run.stderr).toBe(0);
    await writeFile(join(folder, 'notes.txt'), 'mine');
    const planned = await rmJson(['--local-dir', folder, '--dry-run']);
    expect(planned).toMatchObject({
      target: 'local-dir',
      path: folder,
      keptPaths: [join(folder, 'notes.txt')],
    });
    expect(planned.paths).toContain(join(folder, 'Tiny-Q2_K.gguf'));
    expect(planned.paths).not.toContain(join(folder, 'notes.txt'));
    const done = await rmJson(['--local-dir', folder, '--yes']);
    expect(done).toMatchObject({ deleted: true, keptPaths: [join(folder, 'notes.txt')] });
    expect(existsSync(join(folder, 'notes.txt'))).toBe(true);
    expect(existsSync(join(folder, 'Tiny-Q2_K.gguf'))).toBe(false);
  });
});
