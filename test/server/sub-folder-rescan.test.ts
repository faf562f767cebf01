/**
 * The server keeps its walk of the models dir's sub-folders (sub-folder-local-dirs.ts) and renews it when it
 * is 30 s old, or at once when something changed on disk: here, a job ending (serve.ts). A local dir another
 * program made in a sub-folder then shows without waiting out the 30 s.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../src/api-types.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

it('lists a local dir that appeared in a sub-folder once a job ends, before the walk is 30 s old', async () => {
  harness = await startHarness();
  const current = harness;
  await current.hub.addRepo({ repoId: 'org/small', files: [{ path: 'config.json', content: '{"a":1}' }] });
  const localKeys = async () =>
    (await current.api<ModelListEntry[]>('GET', '/api/models')).body
      .filter((entry) => entry.key.startsWith('local:') && entry.installed !== null)
      .map((entry) => entry.key);
  // The first call waits for the walk; the folder made after it is not in the kept result.
  expect(await localKeys()).toEqual([]);
  writeLocalDirDownload(join(current.config.modelsDir, 'team', 'x'));
  expect(await localKeys()).toEqual([]);

  const sse = await connectSse(`${current.server.url}/api/events`);
  const created = await current.api<JobView>('POST', '/api/downloads', { repoId: 'org/small' });
  expect(created.status).toBe(201);
  await sse.waitFor(() => sse.jobEvents(created.body.id).some((job) => job.state === 'completed'));
  sse.close();

  // The job's end renewed the walk: a call starts it, a later one sees its result.
  const deadline = Date.now() + 5000;
  let keys = await localKeys();
  while (!keys.includes('local:team/x') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    keys = await localKeys();
  }
  expect(keys).toEqual(['local:team/x']);
});
