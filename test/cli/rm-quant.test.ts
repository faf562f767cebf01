/**
 * End-to-end: `hubget rm org/name:QUANT` deletes one GGUF quantization (every part of a split one) and keeps
 * the shared files and the other quantizations; refuses a quantization not on disk, and while a server job of
 * the repo is active.
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

const cli = ggufCliFixture('hubget-rm-quant-');
const { env, snapshot } = cli;
const dataDir = () => cli.dataDir;
const blobs = () => readdir(join(cli.hfHome, 'hub', 'models--org--tiny-gguf', 'blobs'));

describe('hubget rm REPO:QUANT', () => {
  it('deletes that quantization, every part of a split one, and keeps the rest', async () => {
    for (const quant of ['Q2_K', 'Q6_K']) {
      const run = await runCli(['download', `org/tiny-gguf:${quant}`], env());
      expect(run.status, run.stderr).toBe(0);
    }
    const before = await blobs();

    const dry = await runCli(['rm', 'org/tiny-gguf:q6_k', '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe(
      'Would delete org/tiny-gguf quantization Q6_K (2 files; keeps Q2_K): frees 70.00 kB',
    );
    expect(dry.stdout).toContain(join(snapshot(), 'Tiny-Q6_K-00002-of-00002.gguf'));
    expect(await blobs()).toEqual(before);

    const unknown = await runCli(['rm', 'org/tiny-gguf:Q8_0', '--yes'], env());
    expect(unknown.status).toBe(1);
    expect(unknown.stderrLines[0]).toBe(
      'error [INVALID_ARGUMENT]: No quantization Q8_0 of org/tiny-gguf in the cache; on disk: Q2_K, Q6_K',
    );

    const done = await runCli(['rm', 'org/tiny-gguf:Q6_K', '--yes'], env());
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toBe(
      'Deleted org/tiny-gguf quantization Q6_K (2 files; keeps Q2_K): freed 70.00 kB\n',
    );
    const left = await readdir(snapshot());
    expect(left.sort()).toEqual(
      ['README.md', 'Tiny-Q2_K.gguf', GGUF_MMPROJ, 'config.json', 'tokenizer.json'].sort(),
    );
    expect(await blobs()).toHaveLength(before.length - 2);
  });

  it('refuses while a server job of the repo is active, deleting nothing', async () => {
    await mkdir(dataDir(), { recursive: true });
    const store = openSqliteStore(join(dataDir(), STORE_FILE_NAME));
    try {
      store.insertJob(sampleStoredJob({ id: 'j1', repoId: 'org/tiny-gguf', state: 'paused' }));
      const refused = await runCli(['rm', 'org/tiny-gguf:Q2_K', '--yes'], env());
      expect(refused.status).toBe(1);
      expect(refused.stderrLines[0]).toBe(
        'error [IN_USE]: org/tiny-gguf is used by the paused download "model"; cancel it first',
      );
      expect(existsSync(join(snapshot(), 'Tiny-Q2_K.gguf'))).toBe(true);
    } finally {
      store.close();
    }
  });
});
