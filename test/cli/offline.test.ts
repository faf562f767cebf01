/**
 * End-to-end: `hubget download` with HF_HUB_OFFLINE=1 answers from what is on disk, as `hf download` does:
 * a cached snapshot's path (or a file's), a local dir's, and OFFLINE_MODE naming what is not there — with the
 * commit's listing a download kept (trees/<commit>.json), also the files the snapshot lacks. Not a single request
 * reaches the hub.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import { freshTempFile } from '../../src/cache/temp-files.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { cliEnv, runCli } from './run-cli.js';

let hub: TestHub;
let repo: TestRepo;
let hfHome: string;

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: 'org/offline',
    files: [
      { path: 'config.json', content: '{"model_type":"offline"}' },
      { path: 'weights/model.safetensors', size: 100_000 },
      { path: 'README.md', content: '# offline' },
    ],
  });
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-offline-'));
});

afterAll(async () => {
  await hub.close();
  await rm(hfHome, { recursive: true, force: true });
});

beforeEach(() => {
  hub.requests.length = 0;
});

const online = () => cliEnv(hub.url, hfHome);
const offline = () => cliEnv(hub.url, hfHome, { HF_HUB_OFFLINE: '1' });
const snapshot = () => join(hfHome, 'hub', 'models--org--offline', 'snapshots', repo.commit);
const NO_README =
  'error [OFFLINE_MODE]: README.md of org/offline at revision main not on disk, and offline mode ' +
  '(HF_HUB_OFFLINE) forbids fetching; unset HF_HUB_OFFLINE to reach the Hub';

describe('HF_HUB_OFFLINE=1', () => {
  it('refuses a repo that is not cached, with OFFLINE_MODE and no request', async () => {
    const run = await runCli(['download', 'org/offline'], offline());
    expect(run.status).toBe(1);
    expect(run.stderrLines.at(-1)).toMatch(
      /^error \[OFFLINE_MODE\]: org\/offline at revision main is not in the cache \(.*\), and offline mode/,
    );
    expect(hub.requests).toEqual([]);
  });

  it('gives the cached snapshot, a cached file, and a dry run without a request', async () => {
    const first = await runCli(['download', 'org/offline', '--exclude', 'README.md', '--quiet'], online());
    expect(first.status, first.stderr).toBe(0);
    hub.requests.length = 0;

    // The first download kept the commit's listing (trees/<commit>.json), which names README.md, left out: the whole
    // repo is not on disk, and that is said (as huggingface_hub's IncompleteSnapshotError says it).
    const whole = await runCli(['download', 'org/offline', '--quiet'], offline());
    expect(whole.status).toBe(1);
    expect(whole.stderrLines.at(-1)).toBe(NO_README);
    const same = await runCli(['download', 'org/offline', '--exclude', 'README.md', '--quiet'], offline());
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdoutLines.at(-1)).toBe(snapshot());
    const file = await runCli(['download', 'org/offline', 'weights/model.safetensors', '--quiet'], offline());
    expect(file.status, file.stderr).toBe(0);
    expect(file.stdoutLines.at(-1)).toBe(join(snapshot(), 'weights', 'model.safetensors'));
    const byCommit = await runCli(
      ['download', 'org/offline', 'config.json', '--revision', repo.commit.slice(0, 10), '--quiet'],
      offline(),
    );
    expect(byCommit.stdoutLines.at(-1)).toBe(join(snapshot(), 'config.json'));
    const dry = await runCli(
      ['download', 'org/offline', '--exclude', 'README.md', '--dry-run', '--json'],
      offline(),
    );
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdoutLines[0]!)).toMatchObject({ commit: repo.commit, bytesToFetch: 0 });

    // A file the cache lacks is named; nothing is fetched.
    const missing = await runCli(['download', 'org/offline', 'README.md', 'config.json'], offline());
    expect(missing.status).toBe(1);
    expect(missing.stderrLines.at(-1)).toBe(NO_README);
    // Without the listing (a cache from before it, or from another tool) the snapshot is all that is known.
    await rm(join(dirname(dirname(snapshot())), 'trees'), { recursive: true });
    const known = await runCli(['download', 'org/offline', '--quiet'], offline());
    expect(known.status, known.stderr).toBe(0);
    expect(known.stdoutLines.at(-1)).toBe(snapshot());
    expect(hub.requests).toEqual([]);
  });

  it('gives a local dir from its own files and copies what the cache holds', async () => {
    const local = join(hfHome, 'local');
    const cached = await runCli(['download', 'org/offline', '--quiet'], online());
    expect(cached.status, cached.stderr).toBe(0);
    const own = await runCli(
      ['download', 'org/offline', 'README.md', '--local-dir', local, '--quiet'],
      online(),
    );
    expect(own.status, own.stderr).toBe(0);
    hub.requests.length = 0;

    const readme = await runCli(
      ['download', 'org/offline', 'README.md', '--local-dir', local, '--quiet'],
      offline(),
    );
    expect(readme.stdoutLines.at(-1)).toBe(join(local, 'README.md'));
    // The rest comes from the HF cache, copied and verified: no request either.
    const whole = await runCli(['download', 'org/offline', '--local-dir', local, '--quiet'], offline());
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdoutLines.at(-1)).toBe(local);
    expect(hub.requests).toEqual([]);
    await writeFile(join(local, 'mine.txt'), 'not a download');
    const nothing = await runCli(
      ['download', 'org/offline', '--local-dir', join(hfHome, 'elsewhere'), '--cache-dir', join(hfHome, 'x')],
      offline(),
    );
    expect(nothing.stderrLines.at(-1)).toMatch(
      /^error \[OFFLINE_MODE\]: org\/offline at revision main is not in /,
    );
  });

  it('says so when downloads of the repo never finished: their files are not in the snapshot it gives', async () => {
    const first = await runCli(['download', 'org/offline', '--quiet'], online());
    expect(first.status, first.stderr).toBe(0);
    // Another program's download that stopped, of a file this cache never held (huggingface_hub's temp name:
    // <etag>.incomplete; no blob of that etag beside it).
    const temp = join(hfHome, 'hub', 'models--org--offline', 'blobs', `${'f'.repeat(64)}.incomplete`);
    await writeFile(temp, 'partial');
    hub.requests.length = 0;
    const run = await runCli(['download', 'org/offline'], offline());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'Notice: offline, and this snapshot of org/offline lacks 1 file of unfinished downloads here: only the ' +
        'Hub can name them',
    );
    expect(hub.requests).toEqual([]);
    await rm(temp);
  });

  it('says nothing of unfinished files the run puts in place (a local dir, copied from the HF cache)', async () => {
    const first = await runCli(['download', 'org/offline', '--quiet'], online());
    expect(first.status, first.stderr).toBe(0);
    // An interrupted local-dir download: partial temp files (hubget's, with their maps) of two files.
    const local = join(hfHome, 'unfinished-local');
    for (const file of repo.files.filter((each) => each.path !== 'README.md')) {
      const temp = freshTempFile(localTempPrefix(local, file.path, file.lfs ? file.sha256 : file.gitSha1));
      await mkdir(dirname(temp.tempPath), { recursive: true });
      await writeFile(temp.tempPath, 'partial');
      await writeFile(temp.resumeMapPath, '{}');
    }
    hub.requests.length = 0;
    const run = await runCli(['download', 'org/offline', '--local-dir', local], offline());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Notice');
    expect(run.reportLines[0]).toMatch(/^Copying 3 files .* from the HF cache/);
    expect(hub.requests).toEqual([]);
  });
});
