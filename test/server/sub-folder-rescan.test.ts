/**
 * The server keeps its walk of the models dir's sub-folders (sub-folder-local-dirs.ts) and renews it when a
 * request finds it older than its refresh interval (30 s; shorter here). Its own jobs write only folders
 * directly under the models dir, which are read on every request, so a job's end starts no walk: on a busy
 * mirror every pull job's end did.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

async function localKeys(current: Harness): Promise<string[]> {
  return (await current.api<ModelListEntry[]>('GET', '/api/models')).body
    .filter((entry) => entry.key.startsWith('local:') && entry.installed !== null)
    .map((entry) => entry.key);
}

it('lists a local dir another program made in a sub-folder once the kept walk is older than its interval', async () => {
  harness = await startHarness({}, {}, { subFolderRefreshMs: 300 });
  const current = harness;
  // The first call waits for the walk; the folder made after it is not in the kept result.
  expect(await localKeys(current)).toEqual([]);
  writeLocalDirDownload(join(current.config.modelsDir, 'team', 'x'));
  expect(await localKeys(current)).toEqual([]);

  // Once the kept walk is old, a call starts a new one and a later call sees its result.
  await sleep(350);
  const deadline = Date.now() + 5000;
  let keys = await localKeys(current);
  while (!keys.includes('local:team/x') && Date.now() < deadline) {
    await sleep(50);
    keys = await localKeys(current);
  }
  expect(keys).toEqual(['local:team/x']);
});

it('starts no walk of the sub-folders when a job ends', async () => {
  harness = await startHarness();
  const current = harness;
  await current.hub.addRepo({ repoId: 'org/small', files: [{ path: 'config.json', content: '{"a":1}' }] });
  expect(await localKeys(current)).toEqual([]);
  writeLocalDirDownload(join(current.config.modelsDir, 'team', 'x'));

  const sse = await connectSse(`${current.server.url}/api/events`);
  const created = await current.api<JobView>('POST', '/api/downloads', { repoId: 'org/small' });
  expect(created.status).toBe(201);
  await sse.waitFor(() => sse.jobEvents(created.body.id).some((job) => job.state === 'completed'));
  sse.close();

  // The kept walk (30 s) stays: the folder made after it shows only at its renewal.
  expect(await localKeys(current)).toEqual([]);
  await sleep(300);
  expect(await localKeys(current)).toEqual([]);
});
