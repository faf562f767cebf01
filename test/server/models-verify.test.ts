/**
 * POST /api/models/verify over the real server (src/server/routes/models-verify.ts, docs/api-models.md): an
 * installed repo's files hashed again, all intact; a flipped byte and a deleted blob told corrupt and missing; with
 * `repair` they are deleted and a download job fetches them again, after which all is intact; a local dir under the
 * models dir likewise; a repo not installed and a hostile folder are clear errors. Loopback only.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { flipByte } from '../support/cache/flip-byte.js';
import { type Harness, startHarness } from './server-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const REPO = { repoId: 'org/v', repoType: 'model' as const };

type Report = {
  id: string;
  intact: boolean;
  files: number;
  problems: { path: string; problem: string }[];
  jobs: string[];
  repaired: null;
};

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function started(): Promise<Harness> {
  const h = await startHarness();
  await h.hub.addRepo({
    ...REPO,
    files: [
      { path: 'config.json', content: '{"v":1}' },
      { path: 'model.safetensors', size: 200_000 },
      { path: 'extra.bin', size: 30_000 },
    ],
  });
  // A path that reads as a pattern: `w[1].bin` as a glob matches `w1.bin`, not itself.
  await h.hub.addRepo({
    repoId: 'org/brackets',
    files: [
      { path: 'w[1].bin', size: 10_000 },
      { path: 'w1.bin', size: 12_000 },
    ],
  });
  return h;
}

/** The job once it completed or failed. */
async function ended(jobId: string) {
  const read = () => harness!.api<JobView>('GET', `/api/downloads/${jobId}`);
  await until(async () => ['completed', 'failed'].includes((await read()).body.state));
  return read();
}

const verify = (body: object) => harness!.api<Report>('POST', '/api/models/verify', body);

describe('POST /api/models/verify', () => {
  it('finds a corrupt and a missing blob of a cached repo, and repairs them with a download job', async () => {
    harness = await started();
    await downloadModel(
      requestFor(harness.hub, REPO, { cacheDir: harness.config.hubCacheDir }),
      testOptions(),
    );
    const intact = await verify({ repoId: 'org/v' });
    expect(intact.status, intact.text).toBe(200);
    expect(intact.body).toMatchObject({ intact: true, files: 3, problems: [], jobs: [], repaired: null });

    const blobs = join(harness.config.hubCacheDir, 'models--org--v', 'blobs');
    for (const blob of await readdir(blobs)) {
      const { size } = await stat(join(blobs, blob));
      if (size === 200_000) await flipByte(join(blobs, blob), 4_321);
      if (size === 30_000) await rm(join(blobs, blob));
    }
    const found = await verify({ repoId: 'org/v' });
    expect(found.body.intact).toBe(false);
    expect(found.body.problems.map((problem) => [problem.path, problem.problem])).toEqual([
      ['extra.bin', 'missing'],
      ['model.safetensors', 'corrupt'],
    ]);
    expect(found.body.jobs).toEqual([]);

    const repair = await verify({ repoId: 'org/v', repair: true });
    expect(repair.status, repair.text).toBe(200);
    expect(repair.body.jobs).toHaveLength(1);
    const jobId = repair.body.jobs[0]!;
    const job = await ended(jobId);
    expect(job.body.state, JSON.stringify(job.body.error)).toBe('completed');
    // Marked a repair (the model's chip says so: "Repairing 2 files", not "Downloading 1.1 %" of the model).
    expect([job.body.repair, job.body.include]).toEqual([true, ['extra.bin', 'model.safetensors']]);
    expect((await verify({ repoId: 'org/v' })).body).toMatchObject({ intact: true, files: 3, problems: [] });
  }, 60_000);

  it('repairs a file whose path reads as a pattern, and only it', async () => {
    harness = await started();
    const repo = { repoId: 'org/brackets', repoType: 'model' as const };
    await downloadModel(
      requestFor(harness.hub, repo, { cacheDir: harness.config.hubCacheDir }),
      testOptions(),
    );
    const blobs = join(harness.config.hubCacheDir, 'models--org--brackets', 'blobs');
    for (const blob of await readdir(blobs)) {
      if ((await stat(join(blobs, blob))).size === 10_000) await flipByte(join(blobs, blob), 99);
    }
    const repair = await verify({ repoId: 'org/brackets', repair: true });
    expect(repair.body.problems.map((problem) => problem.path)).toEqual(['w[1].bin']);
    const jobId = repair.body.jobs[0]!;
    const job = await ended(jobId);
    expect(job.body.state).toBe('completed');
    expect(job.body.filesTotal).toBe(1);
    // Both files there again, intact: without the escape the job took `w1.bin` (on disk already) and not the other.
    expect((await verify({ repoId: 'org/brackets' })).body).toMatchObject({
      intact: true,
      files: 2,
      problems: [],
    });
  }, 60_000);

  it('verifies a local dir under the models dir, and refuses what is not installed or out of it', async () => {
    harness = await started();
    const localDir = join(harness.config.modelsDir, 'v-local');
    await downloadModel(requestFor(harness.hub, REPO, { localDir }), testOptions());
    await flipByte(join(localDir, 'config.json'), 0);
    const found = await verify({ localFolder: 'v-local' });
    expect(found.status, found.text).toBe(200);
    expect(found.body.problems.map((problem) => [problem.path, problem.problem])).toEqual([
      ['config.json', 'corrupt'],
    ]);
    expect((await verify({ repoId: 'org/none' })).status).toBe(404);
    expect((await verify({ localFolder: '../etc' })).status).toBe(400);
    // A repo other than the one its marker names: refused, nothing deleted.
    const other = await verify({ localFolder: 'v-local', repoId: 'org/brackets', repair: true });
    expect(other.status).toBe(400);
    expect(other.text).toContain('holds org/v (its hubget marker says so), not org/brackets');
    expect((await stat(join(localDir, 'config.json'))).isFile()).toBe(true);

    // A folder Python made names no repo: not repaired, nothing deleted, and the way to repair it said (a download
    // into it again would find the record matching the Hub's and fetch nothing).
    await rm(join(localDir, '.cache', 'huggingface', 'hubget.json'));
    const refused = await verify({ localFolder: 'v-local', repair: true });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`hubget verify REPO --local-dir ${localDir} --repair`);
    expect((await stat(join(localDir, 'config.json'))).isFile()).toBe(true);

    // Named, from the findings the refused request left: deleted, fetched again at the record's commit, intact.
    const findings = (await verify({ localFolder: 'v-local' })).body.id;
    const named = await verify({ localFolder: 'v-local', repoId: 'org/v', repair: true, findings });
    expect(named.status, named.text).toBe(200);
    expect(named.body.jobs).toHaveLength(1);
    const jobId = named.body.jobs[0]!;
    const job = await ended(jobId);
    expect(job.body.state, JSON.stringify(job.body.error)).toBe('completed');
    expect((await verify({ localFolder: 'v-local' })).body).toMatchObject({ intact: true, problems: [] });
  }, 60_000);
});
