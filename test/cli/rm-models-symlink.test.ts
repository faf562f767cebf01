/**
 * `hubget rm` and symlinks in the models folder (docs/cli-models.md, `hubget rm`): a symlink there leading out of it
 * is not a local dir of the models folder (the scan does not enter it), so `rm REPO:QUANT` never deletes through
 * it; and `rm --local-dir` of a symlink to the folder a server job downloads into is refused as that folder is,
 * by the rule the server's Delete uses (`isActiveJobInRealFolder`, src/jobs/active-jobs.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { localDirMarkerPath } from '../../src/cache/scan-local-marker.js';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/index.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { sampleStoredJob } from '../support/store-contract.js';
import { cliEnv, runCli } from './run-cli.js';

let home: string;
let models: string;
let dataDir: string;
const env = () => cliEnv('http://127.0.0.1:9', home, { HUBGET_MODELS_DIR: models, HUBGET_DATA_DIR: dataDir });

/** A local-dir download of org/x holding one quantization, named by hubget's marker. */
function localDownload(dir: string): void {
  writeLocalDirDownload(dir, 'x-Q2_K.gguf', 'q'.repeat(100));
  writeFileSync(localDirMarkerPath(dir), JSON.stringify({ repoId: 'org/x', repoType: 'model' }));
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'hubget-rm-symlink-'));
  models = join(home, 'models');
  dataDir = join(home, 'hubget-data');
  mkdirSync(models);
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

it('never deletes through a symlink leading out of the models folder', async () => {
  const outside = join(home, 'outside');
  localDownload(outside);
  symlinkSync(outside, join(models, 'escape'));
  const run = await runCli(['rm', 'org/x:Q2_K', '--yes'], env());
  expect(run.status).toBe(1);
  expect(run.stderrLines[0]).toMatch(/^error \[REPO_NOT_FOUND\]: model org\/x is not in the cache /);
  expect(existsSync(join(outside, 'x-Q2_K.gguf'))).toBe(true);
  const ls = await runCli(['ls', '--json'], env());
  expect(ls.status, ls.stderr).toBe(0);
  expect(ls.stdout.trim()).toBe('');
});

it('refuses a symlink to the folder a server job downloads into, deleting nothing', async () => {
  const real = join(models, 'real');
  localDownload(real);
  const alias = join(models, 'alias');
  symlinkSync(real, alias);
  mkdirSync(dataDir);
  const store = openSqliteStore(join(dataDir, STORE_FILE_NAME));
  try {
    store.insertJob(sampleStoredJob({ id: 'j1', repoId: 'org/x', state: 'paused', localDir: real }));
  } finally {
    store.close();
  }
  for (const args of [
    ['rm', '--local-dir', alias, '--yes'],
    ['rm', 'org/x:Q2_K', '--local-dir', alias, '--yes'],
  ]) {
    const run = await runCli(args, env());
    expect(run.status, args.join(' ')).toBe(1);
    expect(run.stderrLines[0]).toMatch(
      /^error \[IN_USE\]: .* is used by the paused download "model"; cancel it first$/,
    );
  }
  expect(existsSync(join(real, 'x-Q2_K.gguf'))).toBe(true);
});
