/**
 * End-to-end: `hubget search`, `hubget download org/name:QUANT`, `hubget ls` and `hubget rm` as processes
 * against the test hub and a temp HF_HOME.
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/index.js';
import { GGUF_MMPROJ, GGUF_QUANT_FILES, GGUF_SMALL_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { sampleStoredJob } from '../support/store-contract.js';
import { cliEnv, runCli } from './run-cli.js';

const ERROR_LINE = /^error \[[A-Z_]+\]: \S/;

let hub: TestHub;
let gguf: TestRepo;
let twoRevisions: TestRepo;
let hfHome: string;
let modelsDir: string;

beforeAll(async () => {
  hub = await startTestHub();
  gguf = await hub.addRepo(ggufRepoSpec('org/tiny-gguf'));
  twoRevisions = await hub.addRepo({
    repoId: 'org/two-revisions',
    meta: { downloads: 3, likes: 1, tags: ['text-generation'] },
    revisions: [
      {
        name: 'v2',
        files: [
          { path: 'shared.bin', size: 20_000, seed: 'shared' },
          { path: 'v2-only.bin', size: 30_000 },
        ],
      },
    ],
    files: [
      { path: 'shared.bin', size: 20_000, seed: 'shared' },
      { path: 'main-only.bin', size: 40_000 },
    ],
  });
  await hub.addRepo({
    repoId: 'other/gated-model',
    gated: true,
    meta: { downloads: 9 },
    files: [{ path: 'a', content: 'a' }],
  });
  await hub.addRepo({
    repoId: 'other/private-model',
    private: true,
    gated: true,
    meta: { downloads: 1 },
    files: [{ path: 'a', content: 'a' }],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-find-'));
  modelsDir = join(hfHome, 'models');
}, 60_000);

afterAll(async () => {
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

// The server's data folder: `hubget rm` reads its jobs (never the real ~/.local/share/hubget).
const dataDir = () => join(hfHome, 'hubget-data');
const env = () => cliEnv(hub.url, hfHome, { HUBGET_MODELS_DIR: modelsDir, HUBGET_DATA_DIR: dataDir() });
const repoDir = (repoId: string) => join(hfHome, 'hub', `models--${repoId.replace('/', '--')}`);

describe('hubget search', () => {
  it('prints a table of matches, sorted', async () => {
    const run = await runCli(['search', 'o', '--sort', 'downloads'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines[0]).toMatch(/^ID\s+DOWNLOADS\s+LIKES\s+UPDATED\s+ACCESS$/);
    expect(run.stdoutLines[1]).toMatch(/^org\/tiny-gguf\s+5K\s+42\s+\d{4}-\d\d-\d\d\s+public$/);
    expect(run.stdoutLines.find((line) => line.startsWith('other/gated-model'))).toMatch(/\d\s+gated$/);
  });

  it('says who can download each result in one ACCESS column: private repos are not "gated"', async () => {
    const run = await runCli(['search', 'other'], { ...env(), HF_TOKEN: hub.token });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines.find((line) => line.startsWith('other/private-model'))).toMatch(
      /\d\s+private, gated$/,
    );
    expect(run.stdoutLines.find((line) => line.startsWith('other/gated-model'))).toMatch(/\d\s+gated$/);
  });

  it('filters and writes NDJSON', async () => {
    const run = await runCli(['search', '--filter', 'gguf', '--json'], env());
    expect(run.status, run.stderr).toBe(0);
    const items = run.stdoutLines.map((line) => JSON.parse(line) as { repoId: string; libraryName: string });
    expect(items.map((item) => item.repoId)).toEqual(['org/tiny-gguf']);
    expect(items[0]!.libraryName).toBe('gguf');
  });

  it('reports a rate limit with the retry time', async () => {
    hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 20 } });
    try {
      const run = await runCli(['search', 'x'], env());
      expect(run.status).toBe(1);
      expect(run.stderrLines.at(-1)).toMatch(/^error \[RATE_LIMITED\]: .*retry in 21 s/);
    } finally {
      hub.resetFaults();
    }
  });
});

describe('hubget download repo:QUANT', () => {
  it('fetches only that quantization, the mmproj and the small files (case-insensitive)', async () => {
    const run = await runCli(['download', 'org/tiny-gguf:q6_k', '--quiet'], env());
    expect(run.status, run.stderr).toBe(0);
    const snapshot = join(repoDir('org/tiny-gguf'), 'snapshots', gguf.commit);
    expect(run.stdoutLines.at(-1)).toBe(snapshot);
    expect((await readdir(snapshot)).sort()).toEqual(
      [...GGUF_QUANT_FILES.Q6_K!, GGUF_MMPROJ, ...GGUF_SMALL_FILES].sort(),
    );
    expect(hub.bytesServed('org/tiny-gguf/Tiny-Q4_K_M.gguf')).toBe(0);
  });

  it('takes a quantization in a sub-folder', async () => {
    const run = await runCli(['download', 'org/tiny-gguf:IQ4_XS', '--dry-run', '--json'], env());
    expect(run.status, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdoutLines[0]!) as { files: { path: string }[] };
    const paths = plan.files.map((file) => file.path);
    expect([...paths].sort()).toEqual([...GGUF_QUANT_FILES.IQ4_XS!, GGUF_MMPROJ, ...GGUF_SMALL_FILES].sort());
    // Listed in the order a dry run of the whole repo lists them.
    const whole = await runCli(['download', 'org/tiny-gguf', '--dry-run', '--json'], env());
    const wholePlan = JSON.parse(whole.stdoutLines[0]!) as { files: { path: string }[] };
    expect(paths).toEqual(wholePlan.files.map((file) => file.path).filter((path) => paths.includes(path)));
  });

  it('refuses a `:` with no quantization after it as a usage error, downloading nothing', async () => {
    for (const reference of ['org/tiny-gguf:', 'org/two-revisions:']) {
      const seen = hub.requests.length;
      const run = await runCli(['download', reference], env());
      expect(run.status, reference).toBe(2);
      expect(run.stderr).toMatch(/^error: .*No quantization after ":"/m);
      expect(run.stdout).toBe('');
      expect(hub.requests.length).toBe(seen);
    }
  });

  it('fails on an unknown quantization, listing those that exist', async () => {
    const run = await runCli(['download', 'org/tiny-gguf:Q3_K_S'], env());
    expect(run.status).toBe(1);
    expect(run.reportLines).toHaveLength(1);
    expect(run.reportLines[0]).toMatch(ERROR_LINE);
    expect(run.reportLines[0]).toContain('available: ');
    for (const quant of Object.keys(GGUF_QUANT_FILES)) expect(run.reportLines[0]).toContain(quant);
  });
});

describe('hubget ls and rm', () => {
  it('lists installed repos from the cache and the models folder', async () => {
    expect((await runCli(['download', 'org/two-revisions', '--quiet'], env())).status).toBe(0);
    expect(
      (await runCli(['download', 'org/two-revisions', '--revision', 'v2', '--quiet'], env())).status,
    ).toBe(0);
    const local = await runCli(
      ['download', 'org/two-revisions', '--local-dir', join(modelsDir, 'two'), '--quiet'],
      env(),
    );
    expect(local.status, local.stderr).toBe(0);
    // A GGUF repo with one quantization: ls names it (QUANTS), `-` for the others.
    expect((await runCli(['download', 'org/tiny-gguf:Q6_K', '--quiet'], env())).status).toBe(0);
    const run = await runCli(['ls'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines[0]).toMatch(
      /^REPO\s+TYPE\s+REVISIONS\s+SIZE\s+QUANTS\s+FILES\s+STATE\s+MODIFIED\s+WHERE$/,
    );
    expect(run.stdoutLines.find((line) => line.startsWith('org/tiny-gguf'))).toMatch(/\sQ6_K\s/);
    const cached = run.stdoutLines.find((line) => line.startsWith('org/two-revisions'));
    expect(cached).toMatch(/^org\/two-revisions\s+model\s+2\s+90\.00 kB\s+-\s+3\s+ok\s+\d{4}-\d\d-\d\d\s+\//);
    // Another program's download that stopped half-way (huggingface_hub's temp name, no blob of that etag).
    const temp = join(repoDir('org/two-revisions'), 'blobs', `${'e'.repeat(64)}.incomplete`);
    await writeFile(temp, 'half');
    const partial = await runCli(['ls'], env());
    expect(partial.stdoutLines.find((line) => line.startsWith('org/two-revisions'))).toMatch(
      /\s3\s+partial \(1 unfinished, 4 B\)\s/,
    );
    expect(partial.stdoutLines.at(-1)).toMatch(
      /^2 repos \(3 copies\), [\d.]+ kB on disk \(and 4 B in unfinished downloads\)$/,
    );
    await rm(temp);
    // `hubget download --local-dir` writes hubget's marker (finish-download.ts), so the folder is named
    // by its repo, as a server job's is (docs/external-downloads.md).
    expect(run.stdoutLines.some((line) => line.endsWith(join(modelsDir, 'two')))).toBe(true);
    // org/two-revisions in the cache and in the local dir is one repo in two copies.
    expect(run.stdoutLines.at(-1)).toMatch(/^2 repos \(3 copies\), [\d.]+ kB on disk$/);
    const json = await runCli(['ls', '--json'], env());
    const models = json.stdoutLines.map((line) => JSON.parse(line) as { repoId: string; location: string });
    expect(models.map((model) => `${model.location}:${model.repoId}`)).toEqual(
      expect.arrayContaining(['cache:org/two-revisions', 'local:org/two-revisions']),
    );
  });

  it('rm refuses without --yes off a terminal, and --dry-run deletes nothing', async () => {
    const refused = await runCli(['rm', 'org/two-revisions@v2'], env());
    expect(refused.status).toBe(1);
    expect(refused.stderrLines[0]).toMatch(/^error \[INVALID_ARGUMENT\]: Not on a terminal: pass --yes/);
    const dry = await runCli(['rm', 'org/two-revisions@v2', '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdoutLines[0]).toMatch(
      /^Would delete org\/two-revisions revision [0-9a-f]{12}: frees 30\.00 kB$/,
    );
    expect(await readdir(join(repoDir('org/two-revisions'), 'snapshots'))).toHaveLength(2);
  });

  it('rm names the GGUF quantizations that go with the repo', async () => {
    expect((await runCli(['download', 'org/tiny-gguf:Q6_K', '--quiet'], env())).status).toBe(0);
    const dry = await runCli(['rm', 'org/tiny-gguf', '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    // Q6_K, and whichever others the tests above fetched, smallest first.
    expect(dry.stdoutLines[0]).toMatch(
      /^Would delete org\/tiny-gguf \(1 revision, whole repo, with ([A-Z0-9_]+, )*Q6_K(, [A-Z0-9_]+)*\): frees /,
    );
  });

  it("rm refuses while another program's download writes into the repo, and deletes nothing", async () => {
    // huggingface_hub's temp file: no hubget resume map beside it, no hubget claim.
    const temp = join(repoDir('org/two-revisions'), 'blobs', `${'a'.repeat(64)}.0123abcd.incomplete`);
    await writeFile(temp, 'partial');
    try {
      const run = await runCli(['rm', 'org/two-revisions', '--yes'], env());
      expect(run.status).toBe(1);
      expect(run.stderrLines[0]).toMatch(
        /^error \[IN_USE\]: org\/two-revisions is being downloaded by another program \(a temp file no hubget download claims was written \d+ s ago\)/,
      );
      expect(await readdir(join(repoDir('org/two-revisions'), 'snapshots'))).toHaveLength(2);
      // Quiet for longer than the window: a stopped download no longer blocks.
      const old = new Date(Date.now() - 5 * 60_000);
      await utimes(temp, old, old);
      const dry = await runCli(['rm', 'org/two-revisions', '--dry-run'], env());
      expect(dry.status, dry.stderr).toBe(0);
    } finally {
      await rm(temp, { force: true });
    }
  });

  it('rm refuses while a server job (paused, so quiet on disk) downloads the repo into this cache', async () => {
    await mkdir(dataDir(), { recursive: true });
    const store = openSqliteStore(join(dataDir(), STORE_FILE_NAME));
    try {
      const blob = join(repoDir('org/two-revisions'), 'blobs', 'f'.repeat(64));
      store.insertJob(
        sampleStoredJob({ id: 'j1', repoId: 'org/two-revisions', state: 'paused', tempPrefixes: [blob] }),
      );
      // Its temp file was written just now, too: the job is named, not "being downloaded".
      const temp = `${blob}.0123abcd.incomplete`;
      await writeFile(temp, 'partial');
      const refused = await runCli(['rm', 'org/two-revisions', '--yes'], env());
      await rm(temp);
      expect(refused.status).toBe(1);
      expect(refused.stderrLines[0]).toBe(
        'error [IN_USE]: org/two-revisions is used by the paused download "model"; cancel it first',
      );
      expect(await readdir(join(repoDir('org/two-revisions'), 'snapshots'))).toHaveLength(2);
      // Another data folder (--data-dir) has no such job.
      const elsewhere = join(hfHome, 'other-data');
      const dry = await runCli(['rm', 'org/two-revisions', '--dry-run', '--data-dir', elsewhere], env());
      expect(dry.status, dry.stderr).toBe(0);
      // A job whose temp files are in another cache folder is not about this one.
      store.updateJob('j1', {
        tempPrefixes: [join(hfHome, 'other-cache', 'models--org--two-revisions', 'blobs', 'f')],
      });
      expect((await runCli(['rm', 'org/two-revisions', '--dry-run'], env())).status).toBe(0);
      // A queued job has named no temp files yet: it blocks; once cancelled, it no longer does.
      store.updateJob('j1', { state: 'queued', tempPrefixes: [] });
      expect((await runCli(['rm', 'org/two-revisions', '--dry-run'], env())).stderrLines[0]).toMatch(
        /the queued download "model"/,
      );
      store.updateJob('j1', { state: 'running' });
      expect((await runCli(['rm', 'org/two-revisions', '--dry-run'], env())).stderrLines[0]).toMatch(
        /the running download "model"/,
      );
      store.updateJob('j1', { state: 'cancelled' });
      expect((await runCli(['rm', 'org/two-revisions', '--dry-run'], env())).status).toBe(0);
      // --help names every state that blocks (it left out running).
      const help = (await runCli(['rm', '--help'], env())).stdout.replace(/\s+/g, ' ');
      expect(help).toContain('whose queued, running or paused jobs block the delete');
    } finally {
      store.close();
    }
    // Eight CLI runs, each a Node start: 3–4 s apiece on a loaded machine (it timed out at 30 s in a CI run
    // beside three other test runs).
  }, 90_000);

  it('rm REPO@REVISION frees only the blobs no other revision uses; rm REPO removes the rest', async () => {
    // The revision as hubget prints it: its first 7 characters.
    const one = await runCli(
      ['rm', `org/two-revisions@${twoRevisions.refs.v2!.slice(0, 7)}`, '--yes'],
      env(),
    );
    expect(one.status, one.stderr).toBe(0);
    // Named as the dry run and the prompt name it: one revision went, not the repo.
    expect(one.stdoutLines.at(-1)).toBe(
      `Deleted org/two-revisions revision ${twoRevisions.refs.v2!.slice(0, 12)}: freed 30.00 kB`,
    );
    expect(await readdir(join(repoDir('org/two-revisions'), 'snapshots'))).toEqual([twoRevisions.commit]);
    const all = await runCli(['rm', 'org/two-revisions', '--yes'], env());
    expect(all.status, all.stderr).toBe(0);
    // The whole folder goes: blobs plus refs and snapshot links.
    expect(all.stdoutLines.at(-1)).toMatch(
      /^Deleted org\/two-revisions \(1 revision, whole repo\): freed 60\.\d\d kB$/,
    );
    const missing = await runCli(['rm', 'org/two-revisions', '--yes'], env());
    expect(missing.status).toBe(1);
    expect(missing.stderrLines[0]).toMatch(/^error \[REPO_NOT_FOUND\]/);
  });

  it('rm --local-dir deletes a local-dir download, with the same checks as a cached repo', async () => {
    const local = join(modelsDir, 'two');
    const errorOf = async (args: string[], extra: Record<string, string> = {}) => {
      const run = await runCli(['rm', ...args], { ...env(), ...extra });
      expect(run.status, run.stdout).toBe(1);
      return run.stderrLines[0];
    };
    // Saying nothing, or two things, to delete is a usage error, as a missing argument elsewhere (exit 2).
    const usage = async (args: string[]) => {
      const run = await runCli(['rm', ...args], env());
      expect(run.status, run.stderr).toBe(2);
      return run.stderrLines[0];
    };
    expect(await usage([])).toBe('error: name what to delete: a REPO[@REVISION][:QUANT] or --local-dir DIR');
    expect(await usage(['org/two-revisions', '--local-dir', local])).toBe(
      'error: give a REPO or --local-dir DIR, not both; one quantization of a local dir is REPO:QUANT --local-dir DIR',
    );
    // Not a download; the home folder (it has ~/.cache/huggingface/, like a local dir); a folder holding the
    // hub cache (HF_HOME/hub).
    const plain = join(hfHome, 'plain');
    await mkdir(plain, { recursive: true });
    expect(await errorOf(['--local-dir', plain, '--yes'])).toMatch(
      /^error \[INVALID_ARGUMENT\]: .* does not look like a model download/,
    );
    const home = join(hfHome, 'home');
    await mkdir(join(home, '.cache', 'huggingface'), { recursive: true });
    expect(await errorOf(['--local-dir', home, '--yes'], { HOME: home })).toBe(
      `error [UNSAFE_PATH]: Refusing ${home} — it is your home folder ${home}`,
    );
    expect(await errorOf(['--local-dir', hfHome, '--yes'], { HOME: home })).toBe(
      `error [UNSAFE_PATH]: Refusing ${hfHome} — it holds your home folder ${home}`,
    );
    await mkdir(join(hfHome, '.cache', 'huggingface'), { recursive: true });
    expect(await errorOf(['--local-dir', hfHome, '--yes'])).toBe(
      `error [UNSAFE_PATH]: Refusing ${hfHome} — it holds ${join(hfHome, 'hub')}`,
    );
    await rm(join(hfHome, '.cache'), { recursive: true });

    const dry = await runCli(['rm', '--local-dir', local, '--dry-run'], env());
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdoutLines).toEqual([
      expect.stringMatching(new RegExp(`^Would delete local dir ${local} — frees 60\\.\\d\\d kB$`)),
      `  ${local}`,
    ]);
    // A download writing into it (temp files sit in sub-folders mirroring the repo's).
    const tempDir = join(local, '.cache', 'huggingface', 'download', 'sub');
    await mkdir(tempDir, { recursive: true });
    const temp = join(tempDir, `x.${'a'.repeat(64)}.0123abcd.incomplete`);
    await writeFile(temp, 'partial');
    expect(await errorOf(['--local-dir', local, '--yes'])).toMatch(
      new RegExp(`^error \\[IN_USE\\]: ${local} is being downloaded`),
    );
    await rm(tempDir, { recursive: true });
    // A paused server job downloading into it; once cancelled it no longer blocks.
    await mkdir(dataDir(), { recursive: true });
    const store = openSqliteStore(join(dataDir(), STORE_FILE_NAME));
    try {
      store.insertJob(
        sampleStoredJob({ id: 'j2', repoId: 'org/two-revisions', state: 'paused', localDir: local }),
      );
      expect(await errorOf(['--local-dir', local, '--yes'])).toBe(
        `error [IN_USE]: ${local} is used by the paused download "model"; cancel it first`,
      );
      store.updateJob('j2', { state: 'cancelled' });
    } finally {
      store.close();
    }
    expect(await readdir(local)).toContain('main-only.bin');

    // A file of the user's beside the download's (`hf download --local-dir .` in a project folder) stays.
    await writeFile(join(local, 'my-notes.txt'), 'mine');
    const dryKeeping = await runCli(['rm', '--local-dir', local, '--dry-run'], env());
    expect(dryKeeping.stdoutLines[0]).toMatch(/ — frees 60\.\d\d kB \(keeps 1 file no download wrote\)$/);
    expect(dryKeeping.stdoutLines).toContain(`  kept: ${join(local, 'my-notes.txt')}`);
    expect(dryKeeping.stdoutLines).toContain(`  ${join(local, 'main-only.bin')}`);
    const done = await runCli(['rm', '--local-dir', local, '--yes'], env());
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdoutLines.at(-1)).toMatch(
      new RegExp(`^Deleted local dir ${local} — freed 60\\.\\d\\d kB \\(kept 1 file no download wrote\\)$`),
    );
    expect(await readdir(local)).toEqual(['my-notes.txt']);
    await rm(join(local, 'my-notes.txt'));
    // Once only the download's files are left, the folder goes with them.
    await runCli(['download', 'org/two-revisions', '--local-dir', local, '--quiet'], env());
    expect((await runCli(['rm', '--local-dir', local, '--yes'], env())).status).toBe(0);
    await expect(readdir(local)).rejects.toThrow(/ENOENT/);
    expect(await readdir(modelsDir)).toEqual([]);
  }, 90_000); // about fifteen CLI runs, each a node start-up: 30 s is not enough on a loaded machine
});
