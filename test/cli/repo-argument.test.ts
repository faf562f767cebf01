/**
 * End-to-end: the REPO argument in the forms people paste — `org/name@REV`, a trailing `/`, a Hub URL of a
 * repo, a dataset or a file — taken alike by `hubget download` and `hubget rm`, against the test hub.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let model: TestRepo;
let dataset: TestRepo;
let hfHome: string;

beforeAll(async () => {
  hub = await startTestHub();
  model = await hub.addRepo({
    repoId: 'org/tagged',
    revisions: ['v1.0'],
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'weights.bin', size: 20_000 },
    ],
  });
  dataset = await hub.addRepo({
    repoId: 'org/rows',
    repoType: 'dataset',
    files: [{ path: 'data.csv', content: 'a,b\n1,2\n' }],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-cli-repo-argument-'));
});

afterAll(async () => {
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

const env = () => cliEnv(hub.url, hfHome);
const snapshot = (folder: string, repo: TestRepo) => join(hfHome, 'hub', folder, 'snapshots', repo.commit);

describe('the REPO argument', () => {
  it('download org/name@REV takes the revision, as rm does', async () => {
    const run = await runCli(['download', 'org/tagged@v1.0', '-q'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines.at(-1)).toBe(snapshot('models--org--tagged', model));
    const ref = await readFile(join(hfHome, 'hub', 'models--org--tagged', 'refs', 'v1.0'), 'utf8');
    expect(ref.trim()).toBe(model.commit);
  });

  it('download takes a trailing slash and pasted Hub URLs: a repo, a dataset, a file', async () => {
    const trailing = await runCli(['download', 'org/tagged/', '-q'], env());
    expect(trailing.status, trailing.stderr).toBe(0);
    expect(trailing.stdoutLines.at(-1)).toBe(snapshot('models--org--tagged', model));

    const page = await runCli(['download', 'https://huggingface.co/org/tagged/tree/main', '-q'], env());
    expect(page.status, page.stderr).toBe(0);
    expect(page.stdoutLines.at(-1)).toBe(snapshot('models--org--tagged', model));

    const rows = await runCli(['download', 'https://huggingface.co/datasets/org/rows', '-q'], env());
    expect(rows.status, rows.stderr).toBe(0);
    expect(rows.stdoutLines.at(-1)).toBe(snapshot('datasets--org--rows', dataset));

    const file = await runCli(
      ['download', 'https://huggingface.co/org/tagged/blob/main/config.json', '-q'],
      env(),
    );
    expect(file.status, file.stderr).toBe(0);
    expect(file.stdoutLines.at(-1)).toBe(join(snapshot('models--org--tagged', model), 'config.json'));
  });

  it('says what to type instead where it cannot take the argument (usage errors, exit 2)', async () => {
    const folder = await runCli(['download', 'https://huggingface.co/org/tagged/tree/main/sub'], env());
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain("for its files use org/tagged --revision main --include 'sub/*'");
    const twice = await runCli(['download', 'org/tagged@v1.0', '--revision', 'main'], env());
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('two revisions');
  });

  it('rm takes the same forms', async () => {
    const dry = await runCli(['rm', 'https://huggingface.co/org/tagged/', '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdoutLines[0]).toMatch(/^Would delete org\/tagged \(/);
    const rows = await runCli(['rm', 'datasets/org/rows', '--dry-run'], env());
    expect(rows.status, rows.stderr).toBe(0);
    expect(rows.stdoutLines[0]).toMatch(/^Would delete org\/rows \(/);
  });
});
