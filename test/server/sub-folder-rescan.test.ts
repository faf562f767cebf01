/**
 * The server keeps its walk of the models dir's sub-folders (sub-folder-local-dirs.ts) and renews it when it
 * is 30 s old, or at once when something changed on disk: here, a job ending (serve.ts). The first request
 * after start and the first after a job ended wait for a walk, so a local dir in a sub-folder (another
 * program's download) shows in that very answer; the requests in between answer from the kept walk.
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

it('lists a local dir in a sub-folder on the first request after start and the first after a job ends', async () => {
  harness = await startHarness();
  const current = harness;
  await current.hub.addRepo({ repoId: 'org/small', files: [{ path: 'config.json', content: '{"a":1}' }] });
  const localKeys = async () =>
    (await current.api<ModelListEntry[]>('GET', '/api/models')).body
      .filter((entry) => entry.key.startsWith('local:') && entry.installed !== null)
      .map((entry) => entry.key)
      .sort();
  writeLocalDirDownload(join(current.config.modelsDir, 'team', 'x'));
  expect(await localKeys()).toEqual(['local:team/x']);
  // Made after that walk, by another program: not in the kept result yet.
  writeLocalDirDownload(join(current.config.modelsDir, 'team', 'y'));
  expect(await localKeys()).toEqual(['local:team/x']);

  const sse = await connectSse(`${current.server.url}/api/events`);
  const created = await current.api<JobView>('POST', '/api/downloads', { repoId: 'org/small' });
  expect(created.status).toBe(201);
  await sse.waitFor(() => sse.jobEvents(created.body.id).some((job) => job.state === 'completed'));
  sse.close();

  // The job's end renewed the walk, and the next request waited for it.
  expect(await localKeys()).toEqual(['local:team/x', 'local:team/y']);
});
