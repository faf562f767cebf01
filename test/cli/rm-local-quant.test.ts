/**
 * End-to-end: `hubget rm org/name:QUANT --local-dir DIR` deletes one GGUF quantization of a local-dir download
 * (every part of a split one, with their records) and keeps the other files; refuses a folder of another repo,
 * and while a server job downloads into the folder. `--local-dir` alone still deletes the folder whole.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/index.js';
import { GGUF_MMPROJ } from '../hub/gguf-fixtures.js';
import { sampleStoredJob } from '../support/store-contract.js';
import { ggufCliFixture } from './gguf-cli.js';
import { runCli } from './run-cli.js';

const cli = ggufCliFixture('hubget-rm-local-quant-');
const { env } = cli;
const folder = () => join(cli.hfHome, 'models', 'tiny');

describe('hubget rm REPO:QUANT --local-dir DIR', () => {
  it('deletes that quantization of the folder, every part of a split one, and keeps the rest', async () => {
    for (const quant of ['Q2_K', 'Q6_K']) {
      const run = await runCli(['download', `org/tiny-gguf:${quant}`, '--local-dir', folder()], env());
      expect(run.status, run.stderr).toBe(0);
    }
    const dry = await runCli(['rm', 'org/tiny-gguf:q6_k', '--local-dir', folder(), '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe(
      `Would delete org/tiny-gguf quantization Q6_K in local dir ${folder()} (2 files; keeps Q2_K): frees 70.00 kB`,
    );
    expect(dry.stdout).toContain(join(folder(), 'Tiny-Q6_K-00002-of-00002.gguf'));
    expect(existsSync(join(folder(), 'Tiny-Q6_K-00002-of-00002.gguf'))).toBe(true);

    const other = await runCli(['rm', 'org/other:Q6_K', '--local-dir', folder(), '--yes'], env());
    expect(other.status).toBe(1);
    expect(other.stderrLines[0]).toBe(
      `error [INVALID_ARGUMENT]: ${folder()} is a download of model org/tiny-gguf, not of model org/other; nothing deleted`,
    );

    const done = await runCli(
      ['rm', 'org/tiny-gguf:Q6_K', '--local-dir', folder(), '--yes', '--json'],
      env(),
    );
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({
      deleted: true,
      target: 'quant',
      quant: 'Q6_K',
      remainingQuants: ['Q2_K'],
      path: folder(),
      freedBytes: 70_000,
    });
    const left = (await readdir(folder())).filter((name) => name !== '.cache');
    expect(left.sort()).toEqual(
      ['README.md', 'Tiny-Q2_K.gguf', GGUF_MMPROJ, 'config.json', 'tokenizer.json'].sort(),
    );
    const records = await readdir(join(folder(), '.cache', 'huggingface', 'download'));
    expect(records.filter((name) => name.includes('Q6_K'))).toEqual([]);
    // `hubget ls` lists the folder with the quantization left.
    const ls = await runCli(['ls', '--json'], env());
    const listed = ls.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((model) => model.path === folder());
    expect(listed?.quants).toEqual(['Q2_K']);
  });

  it('finds the local dir under the models folder when the HF cache does not hold the repo', async () => {
    // The first test left Q2_K in the folder; nothing of org/tiny-gguf is in the HF cache.
    const dry = await runCli(['rm', 'org/tiny-gguf:Q2_K', '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe(
      `Would delete org/tiny-gguf quantization Q2_K in local dir ${folder()} (1 file; no quantization left): frees 30.00 kB`,
    );
    // Not in the folder either: the cache's refusal.
    const missing = await runCli(['rm', 'org/tiny-gguf:Q8_0', '--dry-run'], env());
    expect(missing.status).toBe(1);
    expect(missing.stderrLines[0]).toMatch(
      /^error \[REPO_NOT_FOUND\]: model org\/tiny-gguf is not in the cache /,
    );
    // The whole repo, which `hubget ls` lists from the folder: the refusal says which command deletes it.
    const whole = await runCli(['rm', 'org/tiny-gguf', '--dry-run'], env());
    expect(whole.status).toBe(1);
    expect(whole.stderrLines[0]).toMatch(
      /^error \[REPO_NOT_FOUND\]: model org\/tiny-gguf is not in the cache /,
    );
    expect(whole.stderrLines[0]).toContain(
      `; it is a local-dir download: hubget rm --local-dir ${folder()} deletes it`,
    );
    expect(existsSync(join(folder(), 'Tiny-Q2_K.gguf'))).toBe(true);
    // Two folders holding it: named, for --local-dir to pick one.
    const second = join(cli.hfHome, 'models', 'tiny2');
    const copy = await runCli(['download', 'org/tiny-gguf:Q2_K', '--local-dir', second], env());
    expect(copy.status, copy.stderr).toBe(0);
    const both = await runCli(['rm', 'org/tiny-gguf:Q2_K', '--dry-run'], env());
    expect(both.status).toBe(1);
    expect(both.stderrLines[0]).toBe(
      `error [INVALID_ARGUMENT]: Q2_K of org/tiny-gguf is in 2 local dirs (${folder()}; ${second}); name one with --local-dir`,
    );
    const wholeOfTwo = await runCli(['rm', 'org/tiny-gguf'], env());
    expect(wholeOfTwo.stderrLines[0]).toContain(
      `; it has 2 local-dir downloads (${folder()}; ${second}): hubget rm --local-dir DIR deletes one`,
    );
  });

  it('refuses while a server job downloads into the folder, deleting nothing', async () => {
    await mkdir(cli.dataDir, { recursive: true });
    const store = openSqliteStore(join(cli.dataDir, STORE_FILE_NAME));
    try {
      store.insertJob(
        sampleStoredJob({ id: 'j1', repoId: 'org/tiny-gguf', state: 'paused', localDir: folder() }),
      );
      const refused = await runCli(['rm', 'org/tiny-gguf:Q2_K', '--local-dir', folder(), '--yes'], env());
      expect(refused.status).toBe(1);
      expect(refused.stderrLines[0]).toBe(
        `error [IN_USE]: ${folder()} is used by the paused download "model"; cancel it first`,
      );
      expect(existsSync(join(folder(), 'Tiny-Q2_K.gguf'))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('still refuses a whole REPO with --local-dir', async () => {
    const run = await runCli(['rm', 'org/tiny-gguf', '--local-dir', folder(), '--yes'], env());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('give a REPO or --local-dir DIR, not both');
  });
});
