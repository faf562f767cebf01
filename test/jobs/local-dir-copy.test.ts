/**
 * A local-dir job whose files the HF cache holds copies them instead of fetching them: its JobView says how
 * much it copied (`copiedBytes`) and from where (`copiedFrom`, from its file records), stored, so its history after
 * a restart does not read "already on disk" and names the place; a job into the cache that copies a local dir's files
 * names that folder.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const MB = 1_000_000;
let hub: TestHub;
const engines = engineServices('local-dir-copy');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/small',
    files: [
      { path: 'config.json', content: '{"model_type":"test"}' },
      { path: 'model.safetensors', size: 2 * MB },
    ],
  });
});

afterAll(async () => {
  await hub.close();
});

afterEach(async () => {
  await engines.stopAll();
});

describe('a local-dir job that copies from the HF cache', () => {
  it('counts the bytes it copied, apart from those it fetched, and keeps them across a restart', async () => {
    const service = await engines.start(hub.url);
    const cached = await service.create({ repoId: 'org/small' });
    await waitFor(() => service.get(cached.job.id)?.state === 'completed', 'cache job completed', 20_000);
    expect(service.get(cached.job.id)).toMatchObject({ copiedBytes: 0 });

    const local = await service.create({ repoId: 'org/small', localDir: 'small' });
    await waitFor(() => service.get(local.job.id)?.state === 'completed', 'local-dir job completed', 20_000);
    const total = service.get(local.job.id)!.total;
    expect(total).toBe('{"model_type":"test"}'.length + 2 * MB);
    expect(service.get(local.job.id)).toMatchObject({ fetchedBytes: 0, copiedBytes: total });

    await service.shutdown();
    const restarted = await engines.start(hub.url, {}, engines.dir);
    expect(restarted.get(local.job.id)).toMatchObject({ fetchedBytes: 0, copiedBytes: total });
    // Where from, stored with its file records (the History names it): the repo's own blobs in the HF cache.
    expect(restarted.get(local.job.id)?.copiedFrom).toEqual([{ from: 'hf-cache' }]);
    expect(restarted.files(local.job.id).map((file) => file.copiedFrom)).toEqual([
      { from: 'hf-cache' },
      { from: 'hf-cache' },
    ]);
  });

  it('names the local dir a job into the HF cache copied from, across a restart', async () => {
    const service = await engines.start(hub.url);
    const local = await service.create({ repoId: 'org/small', localDir: 'first' });
    await waitFor(() => service.get(local.job.id)?.state === 'completed', 'local-dir job completed', 20_000);
    const cached = await service.create({ repoId: 'org/small' });
    await waitFor(() => service.get(cached.job.id)?.state === 'completed', 'cache job completed', 20_000);
    const folder = service.get(local.job.id)!.resultPath!;
    expect(service.get(cached.job.id)).toMatchObject({
      fetchedBytes: 0,
      copiedFrom: [{ from: 'local-dir', dir: folder }],
    });

    await service.shutdown();
    const restarted = await engines.start(hub.url, {}, engines.dir);
    expect(restarted.get(cached.job.id)?.copiedFrom).toEqual([{ from: 'local-dir', dir: folder }]);
  });
});
