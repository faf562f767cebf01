/**
 * End-to-end: `hubget download org/name:QUANT` names the file to load (llama.cpp `-m`) on stderr, the first
 * part of a split one, while stdout keeps the folder (`hf download`'s last line).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let gguf: TestRepo;
let hfHome: string;

beforeAll(async () => {
  hub = await startTestHub();
  gguf = await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-quant-file-'));
}, 60_000);

afterAll(async () => {
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

const env = () =>
  cliEnv(hub.url, hfHome, {
    HUBGET_MODELS_DIR: join(hfHome, 'models'),
    HUBGET_DATA_DIR: join(hfHome, 'hubget-data'),
  });

describe('hubget download repo:QUANT: the model file', () => {
  it('names the file to load on stderr, the first part of a split one; the path on stdout stays the folder', async () => {
    const run = await runCli(['download', 'org/tiny-gguf:Q2_K'], env());
    expect(run.status, run.stderr).toBe(0);
    const snapshot = join(hfHome, 'hub', 'models--org--tiny-gguf', 'snapshots', gguf.commit);
    expect(run.stdout).toBe(`${snapshot}\n`);
    expect(run.stderrLines.at(-1)).toBe(`Model file (Q2_K): ${join(snapshot, 'Tiny-Q2_K.gguf')}`);

    const folder = join(hfHome, 'tiny-iq4');
    const split = await runCli(['download', 'org/tiny-gguf:IQ4_XS', '--local-dir', folder], env());
    expect(split.status, split.stderr).toBe(0);
    expect(split.stderrLines.at(-1)).toBe(
      `Model file (IQ4_XS, first of 2 parts; llama.cpp loads the rest beside it): ${join(folder, 'IQ4_XS', 'Tiny-00001-of-00002.gguf')}`,
    );

    // --quiet says nothing but the path.
    const quiet = await runCli(['download', 'org/tiny-gguf:Q2_K', '--quiet'], env());
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});
