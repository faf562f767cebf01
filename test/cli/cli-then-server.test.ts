/**
 * One download path: a model fetched with `hubget download` (into the server's hub cache, or into a local
 * dir under its models folder) is listed by the server's installed-models API with its repo id, revision
 * and size exactly like the same model fetched by a server job.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstalledModel, JobView, ModelListEntry } from '../../src/api-types.js';
import { type Harness, startHarness } from '../server/server-harness.js';
import { cliEnv, runCli } from './run-cli.js';

const FILES = [
  { path: 'config.json', content: '{"model_type":"tiny"}' },
  { path: 'model.safetensors', size: 300_000 },
  { path: 'nested/tokenizer.json', size: 20_000 },
];

let harness: Harness;
let hfHome: string;
let cliCommit: string;

beforeAll(async () => {
  harness = await startHarness();
  hfHome = await mkdtemp(join(tmpdir(), 'hubget-cli-home-'));
  // Same files under two names: one fetched by the CLI, one by a server job.
  cliCommit = (await harness.hub.addRepo({ repoId: 'org/by-cli', files: FILES })).commit;
  await harness.hub.addRepo({ repoId: 'org/by-server', files: FILES });
});

afterAll(async () => {
  await harness.cleanup();
  await rm(hfHome, { recursive: true, force: true });
});

async function serverDownload(body: Record<string, unknown>): Promise<JobView> {
  const created = await harness.api<JobView>('POST', '/api/downloads', body);
  expect(created.status).toBeLessThan(300);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body: job } = await harness.api<JobView>('GET', `/api/downloads/${created.body.id}`);
    if (job.state === 'completed') return job;
    if (job.state === 'failed' || Date.now() > deadline)
      throw new Error(`job ended as ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function installed(repoId: string, location: 'cache' | 'local'): Promise<InstalledModel> {
  const { body } = await harness.api<ModelListEntry[]>('GET', '/api/models');
  const found = body.find(
    (entry) => entry.installed?.repoId === repoId && entry.installed.location === location,
  );
  if (!found?.installed) throw new Error(`${repoId} (${location}) not listed: ${JSON.stringify(body)}`);
  expect(found.status).toBe('installed');
  return found.installed;
}

/** What must match between the two: everything but the name, the paths and the times. */
function comparable(model: InstalledModel) {
  return {
    repoType: model.repoType,
    location: model.location,
    sizeOnDisk: model.sizeOnDisk,
    files: model.files,
    revisions: model.revisions.map((revision) => ({
      commit: revision.commit.length,
      refs: revision.refs,
      sizeOnDisk: revision.sizeOnDisk,
      files: revision.files,
    })),
  };
}

describe('a model downloaded with the CLI is listed by the server like one it downloaded', () => {
  it('into the hub cache', async () => {
    const cacheDir = harness.config.hubCacheDir;
    const run = await runCli(
      ['download', 'org/by-cli', '--cache-dir', cacheDir, '--quiet'],
      cliEnv(harness.hub.url, hfHome),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    await serverDownload({ repoId: 'org/by-server' });
    const [byCli, byServer] = [
      await installed('org/by-cli', 'cache'),
      await installed('org/by-server', 'cache'),
    ];
    expect(comparable(byCli)).toEqual(comparable(byServer));
    expect(byCli.revisions.map((revision) => revision.refs)).toEqual([['main']]);
    expect(byCli.sizeOnDisk).toBeGreaterThanOrEqual(320_000);
  });

  it('into a local dir under the models folder', async () => {
    const localDir = join(harness.config.modelsDir, 'tiny-cli');
    const run = await runCli(
      ['download', 'org/by-cli', '--local-dir', localDir, '--quiet'],
      cliEnv(harness.hub.url, hfHome),
    );
    expect(run.status).toBe(0);
    expect(run.stdoutLines.at(-1)).toBe(localDir);
    const job = await serverDownload({ repoId: 'org/by-server', localDir: 'tiny-server' });
    const [byCli, byServer] = [
      await installed('org/by-cli', 'local'),
      await installed('org/by-server', 'local'),
    ];
    expect(byCli.path).toBe(localDir);
    expect(byServer.path).toBe(job.resultPath);
    expect(comparable(byCli)).toEqual(comparable(byServer));
    expect(byCli.revisions.map((revision) => revision.commit)).toEqual([cliCommit]);
  });
});
