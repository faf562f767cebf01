/**
 * POST /api/models/delete and its preview, over the real server: several models deleted together free what they
 * hard-link between them (a fork's weights linked to its base's blob, src/cache/freed-together.ts), which each
 * one's own Delete counts as kept by the other; every model is checked before anything goes (an unknown repo, a
 * job downloading one, a hostile id, a sub-folder's local dir, one named twice), and nothing is deleted then.
 */
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelsDeletion } from '../../src/api-models-deletion-types.js';
import type { JobView, ModelListEntry } from '../../src/api-types.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { requestFor, testOptions } from '../download/download-fixtures.js';
import { addWeightsAndFork, BASE, FORK, WEIGHTS_SIZE } from '../download/fork-repos.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

type ApiError = { code: string; message: string };

const cached = (repoId: string) => ({ repoType: 'model', repoId });

/** The fork, then its base, in the server's HF cache: the base's weights are a link to the fork's blob. */
async function forkAndBase(): Promise<Harness> {
  const started = await startHarness();
  await addWeightsAndFork(started.hub);
  for (const repo of [FORK, BASE]) {
    await downloadModel(
      requestFor(started.hub, repo, { cacheDir: started.config.hubCacheDir }),
      testOptions(),
    );
  }
  return started;
}

async function installed(repoId: string) {
  const models = await harness!.api<ModelListEntry[]>('GET', '/api/models');
  return models.body.find((entry) => entry.key === `cache:model/${repoId}`)?.installed ?? null;
}

describe('deleting a fork and its base together', () => {
  it('says each frees its own and the linked weights once, for the last; deletes them; the list has none', async () => {
    harness = await forkAndBase();
    const [base, fork] = [(await installed(BASE.repoId))!, (await installed(FORK.repoId))!];
    expect(base.sharedBytes).toBe(WEIGHTS_SIZE);
    expect(fork.sharedBytes).toBe(WEIGHTS_SIZE);
    const baseOwn = base.sizeOnDisk - WEIGHTS_SIZE;
    const forkOwn = fork.sizeOnDisk - WEIGHTS_SIZE;

    // Alone, the base frees what is its own only: the fork keeps the weights.
    const alone = await harness.api<ModelsDeletion>('POST', '/api/models/delete/preview', {
      models: [cached(BASE.repoId)],
    });
    expect(alone.status, alone.text).toBe(200);
    expect(alone.body).toMatchObject({
      models: [
        { key: 'cache:model/org/base', name: 'org/base', freedBytes: baseOwn, sharedBytes: WEIGHTS_SIZE },
      ],
      freedBytes: baseOwn,
    });

    // A local dir beside them: deleted in the same set, counted apart.
    writeLocalDirDownload(join(harness.config.modelsDir, 'qwen'), 'config.json', '{"q":1}');
    const both = { models: [cached(BASE.repoId), { localFolder: 'qwen' }, cached(FORK.repoId)] };
    const preview = await harness.api<ModelsDeletion>('POST', '/api/models/delete/preview', both);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      models: [
        { key: 'cache:model/org/base', freedBytes: baseOwn, partialBytes: 0, sharedBytes: 0 },
        { key: 'local:qwen', name: 'qwen', freedBytes: 7, partialBytes: 0, sharedBytes: 0 },
        {
          key: 'cache:model/other/fork',
          freedBytes: forkOwn + WEIGHTS_SIZE,
          partialBytes: 0,
          sharedBytes: 0,
        },
      ],
      freedBytes: baseOwn + 7 + forkOwn + WEIGHTS_SIZE,
      partialBytes: 0,
    });
    // The preview deleted nothing.
    expect(await installed(BASE.repoId)).not.toBeNull();

    const done = await harness.api<ModelsDeletion>('POST', '/api/models/delete', both);
    expect(done.status, done.text).toBe(200);
    // What it did is what the preview said.
    expect(done.body.freedBytes).toBe(preview.body.freedBytes);
    expect(done.body.models.map((model) => model.freedBytes)).toEqual(
      preview.body.models.map((model) => model.freedBytes),
    );
    const cacheDir = harness.config.hubCacheDir;
    expect(done.body.models.map((model) => model.deletedPaths)).toEqual([
      [join(cacheDir, 'models--org--base')],
      [
        join(harness.config.modelsDir, 'qwen', 'config.json'),
        join(harness.config.modelsDir, 'qwen', '.cache', 'huggingface'),
      ],
      [join(cacheDir, 'models--other--fork')],
    ]);
    expect(existsSync(join(harness.config.modelsDir, 'qwen', 'config.json'))).toBe(false);
    expect(existsSync(join(cacheDir, 'models--org--base'))).toBe(false);
    expect(existsSync(join(cacheDir, 'models--other--fork'))).toBe(false);
    expect(await installed(BASE.repoId)).toBeNull();
    expect(await installed(FORK.repoId)).toBeNull();
  });
});

describe('what deleting several models refuses, deleting nothing', () => {
  it('an unknown repo, one named twice, a hostile id, a sub-folder local dir, a folder out of the models dir', async () => {
    harness = await forkAndBase();
    const { modelsDir } = harness.config;
    writeLocalDirDownload(join(modelsDir, 'team', 'x'));
    await mkdir(join(harness.dir, 'outside'));
    writeLocalDirDownload(join(harness.dir, 'outside'));
    await symlink(join(harness.dir, 'outside'), join(modelsDir, 'link-out'));
    const refusals: [unknown[], number, string, RegExp][] = [
      [
        [cached(BASE.repoId), cached('org/nothing')],
        404,
        'REPO_NOT_FOUND',
        /org\/nothing is not in the cache/,
      ],
      [[cached(BASE.repoId), cached(BASE.repoId)], 400, 'INVALID_ARGUMENT', /model org\/base is named twice/],
      [
        [cached(BASE.repoId), cached('../../etc')],
        400,
        'INVALID_REPO_ID',
        /^Invalid repository id "\.\.\/\.\.\/etc"/,
      ],
      [
        [cached(BASE.repoId), { localFolder: '../outside' }],
        400,
        'INVALID_ARGUMENT',
        /^Invalid body field "models\.1\.localFolder": expected a single folder name/,
      ],
      [[cached(BASE.repoId), { localFolder: 'team/x' }], 400, 'INVALID_ARGUMENT', /found in a sub-folder/],
      [
        [cached(BASE.repoId), { localFolder: 'link-out' }],
        400,
        'UNSAFE_PATH',
        /^Refusing link-out — not inside the models folder/,
      ],
      [
        [cached(BASE.repoId), { repoId: 'org/x', localFolder: 'x' }],
        400,
        'INVALID_ARGUMENT',
        /^Invalid body field "models\.1": name a repo \(repoId, with repoType\) or a local dir \(localFolder\)/,
      ],
      [
        [{ localFolder: 'link-out', evil: 1 }],
        400,
        'INVALID_ARGUMENT',
        /Unknown body field "models\.0\.evil"/,
      ],
      [[], 400, 'INVALID_ARGUMENT', /"models": must NOT have fewer than 1 items/],
    ];
    for (const route of ['/api/models/delete/preview', '/api/models/delete']) {
      for (const [models, status, code, message] of refusals) {
        const refused = await harness.api<ApiError>('POST', route, { models });
        const what = `${route} ${JSON.stringify(models)}`;
        expect(refused.status, what).toBe(status);
        expect(refused.body.code, what).toBe(code);
        expect(refused.body.message, what).toMatch(message);
      }
    }
    expect(await installed(BASE.repoId)).not.toBeNull();
    expect(existsSync(join(harness.dir, 'outside', 'config.json'))).toBe(true);
  });

  it('a model a job of the server is downloading: 409 IN_USE naming the job, as its own Delete', async () => {
    harness = await forkAndBase();
    const { hub, server } = harness;
    await hub.addRepo({ repoId: 'org/big', files: [{ path: 'weights.bin', size: 4 * 1024 * 1024 }] });
    hub.setFaults({ globalBytesPerSecond: 512 * 1024 });
    const sse = await connectSse(`${server.url}/api/events`);
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/big' });
    await sse.waitFor(() => sse.jobEvents(job.id).some((seen) => seen.downloaded > 0));
    const single = await harness.api<ApiError>('DELETE', '/api/models/model/org/big');
    for (const route of ['/api/models/delete/preview', '/api/models/delete']) {
      const refused = await harness.api<ApiError>('POST', route, {
        models: [cached(BASE.repoId), cached('org/big')],
      });
      expect(refused.status, route).toBe(409);
      expect(refused.body).toEqual(single.body);
    }
    expect(single.body.code).toBe('IN_USE');
    expect(await installed(BASE.repoId)).not.toBeNull();
    await harness.api('POST', `/api/downloads/${job.id}/cancel`);
    sse.close();
  });
});
