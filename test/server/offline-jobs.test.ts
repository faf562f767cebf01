/**
 * A server started offline (HF_HUB_OFFLINE) runs its jobs offline too, as `hubget download` does: a repo in
 * the cache is put in place from it, one that is not fails saying so, and the Hub hears nothing. The jobs
 * were given the endpoint and token but not the offline flag, and asked the Hub anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { waitForJob } from './serve-process.js';
import { type Harness, startHarness } from './server-harness.js';

let online: Harness;
let offline: Harness;

beforeAll(async () => {
  online = await startHarness();
  await online.hub.addRepo({ repoId: 'org/cached', files: [{ path: 'model.bin', size: 40_000 }] });
  await online.hub.addRepo({ repoId: 'org/elsewhere', files: [{ path: 'model.bin', size: 40_000 }] });
  const { body } = await online.api<JobView>('POST', '/api/downloads', { repoId: 'org/cached' });
  await waitForJob(online.server.url, body.id, (job) => job.state === 'completed', 10_000);
  offline = await startHarness({
    hub: { endpoint: online.hub.url, offline: true },
    hubCacheDir: online.config.hubCacheDir,
  });
}, 60_000);

afterAll(async () => {
  await offline?.cleanup();
  await online?.cleanup();
});

describe('a server started with HF_HUB_OFFLINE', () => {
  it('completes a cached repo from the cache and fails an uncached one, asking the Hub nothing', async () => {
    const asked = online.hub.requests.length;
    const cached = await offline.api<JobView>('POST', '/api/downloads', { repoId: 'org/cached' });
    expect(cached.status, cached.text).toBe(201);
    await waitForJob(offline.server.url, cached.body.id, (job) => job.state === 'completed', 10_000);

    const missing = await offline.api<JobView>('POST', '/api/downloads', { repoId: 'org/elsewhere' });
    expect(missing.status, missing.text).toBe(201);
    const failed = await waitForJob(
      offline.server.url,
      missing.body.id,
      (job) => job.state === 'failed',
      10_000,
    );
    expect(failed.error?.message).toMatch(/HF_HUB_OFFLINE/);
    expect(online.hub.requests.length).toBe(asked);
  });
});
