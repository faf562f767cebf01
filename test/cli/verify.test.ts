/**
 * End-to-end `hubget verify` (src/cli/verify-run.ts, docs/cli-verify.md) with the real CLI: downloaded files are all
 * intact; a byte changed in a blob is told corrupt and a deleted blob missing, exit 1, and `--repair` deletes them and
 * downloads them again, after which everything is intact (exit 0); a local dir likewise; `--json` says each place
 * as one object; a repo not in the cache is a clear error. Loopback only.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { flipByte } from '../support/cache/flip-byte.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/v',
    files: [
      { path: 'config.json', content: '{"v":1}' },
      { path: 'model.safetensors', size: 300_000 },
      { path: 'sub/extra.bin', size: 50_000 },
    ],
  });
  home = await mkdtemp(join(tmpdir(), 'hubget-verify-cli-'));
  env = cliEnv(hub.url, home, { HUBGET_DATA_DIR: join(home, 'data') });
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await rm(home, { recursive: true, force: true });
});

const blobsOf = (dir: string) => readdir(join(dir, 'blobs'));

describe('hubget verify of the HF cache', () => {
  it('says intact, finds a corrupt and a missing blob, and repairs them', async () => {
    expect((await runCli(['download', 'org/v'], env)).status).toBe(0);
    const intact = await runCli(['verify', 'org/v'], env);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('org/v: 3 files (350.01 kB), all intact');

    const repoDir = join(home, 'hub', 'models--org--v');
    const sizes = await Promise.all(
      (await blobsOf(repoDir)).map(
        async (blob) => [blob, (await stat(join(repoDir, 'blobs', blob))).size] as const,
      ),
    );
    const weights = sizes.find(([, size]) => size === 300_000)![0];
    const extra = sizes.find(([, size]) => size === 50_000)![0];
    await flipByte(join(repoDir, 'blobs', weights), 123_456);
    await rm(join(repoDir, 'blobs', extra));

    const found = await runCli(['verify', 'org/v'], env);
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/org\/v model\.safetensors — corrupt: its content hashes to sha256:/);
    expect(found.stdout).toContain('org/v sub/extra.bin — missing');
    expect(found.stdout).toContain('org/v: 3 files (300.01 kB): 1 intact, 1 corrupt, 1 missing');
    expect(found.stderr).toContain('hubget verify org/v --repair');

    hub.clearRequests();
    const repaired = await runCli(['verify', 'org/v', '--repair', '--json'], env);
    expect(repaired.status, repaired.stderr).toBe(0);
    const [report] = repaired.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(report).toMatchObject({ repoId: 'org/v', location: 'cache', intact: false, repaired: true });
    expect(
      report.problems.map((problem: { path: string; problem: string }) => [problem.path, problem.problem]),
    ).toEqual([
      ['model.safetensors', 'corrupt'],
      ['sub/extra.bin', 'missing'],
    ]);
    // Only the two were fetched again.
    expect(
      new Set(hub.requests.filter((request) => request.file !== undefined).map((request) => request.file)),
    ).toEqual(new Set(['model.safetensors', 'sub/extra.bin']));
    const after = await runCli(['verify'], env);
    expect(after.status, after.stdout).toBe(0);
    expect(after.stdout).toContain('org/v: 3 files (350.01 kB), all intact');
  }, 60_000);

  it('refuses a repo the cache does not hold, clearly', async () => {
    const run = await runCli(['verify', 'org/none'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/model org\/none is not in the cache/);
  }, 30_000);
});

describe('hubget verify --local-dir', () => {
  it('checks each file against its record and repairs a corrupt one', async () => {
    const localDir = join(home, 'local');
    expect((await runCli(['download', 'org/v', '--local-dir', localDir], env)).status).toBe(0);
    await flipByte(join(localDir, 'config.json'), 0);
    const found = await runCli(['verify', '--local-dir', localDir], env);
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(
      /config\.json — corrupt: its content hashes to sha1:|config\.json — corrupt/,
    );
    const repaired = await runCli(['verify', '--local-dir', localDir, '--repair'], env);
    expect(repaired.status, repaired.stderr).toBe(0);
    expect((await runCli(['verify', '--local-dir', localDir], env)).stdout).toContain('all intact');
  }, 60_000);

  it('repairs a folder no hubget marker names (huggingface_hub made it) once the repo is named', async () => {
    const localDir = join(home, 'from-python');
    expect((await runCli(['download', 'org/v', '--local-dir', localDir], env)).status).toBe(0);
    // As huggingface_hub leaves a local dir: its .metadata records, and no hubget.json naming the repo.
    await rm(join(localDir, '.cache', 'huggingface', 'hubget.json'));
    await flipByte(join(localDir, 'model.safetensors'), 10);
    const found = await runCli(['verify', '--local-dir', localDir], env);
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/model\.safetensors — corrupt/);
    // The command it offers names the repo it cannot know.
    expect(found.stderr.replace(/\s+/g, ' ')).toContain(
      `hubget verify REPO --local-dir ${localDir} --repair`,
    );
    // Without the repo a repair deletes nothing and says how to name it.
    const unnamed = await runCli(['verify', '--local-dir', localDir, '--repair'], env);
    expect(unnamed.status).toBe(1);
    expect(unnamed.stderr.replace(/\s+/g, ' ')).toContain('no hubget marker names the repo it holds');
    expect((await stat(join(localDir, 'model.safetensors'))).size).toBe(300_000);
    // Another repo than a marker names is refused; the repo it holds repairs it.
    const repaired = await runCli(['verify', 'org/v', '--local-dir', localDir, '--repair'], env);
    expect(repaired.status, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain('repaired (downloaded again and verified)');
    expect((await runCli(['verify', '--local-dir', localDir], env)).stdout).toContain('all intact');
    const other = await runCli(['verify', 'org/other', '--local-dir', localDir], env);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`holds org/v (its hubget marker says so), not org/other`);
    expect((await runCli(['verify', 'org/v@main', '--local-dir', localDir], env)).status).toBe(2);
  }, 60_000);
});
