/**
 * A local dir the server makes is one folder directly under the models dir, end to end: jobs refuse any other,
 * and Delete reaches those. Other programs' downloads in sub-folders (`models/team/x`) are listed too, keyed by
 * their path relative to the models dir, and the server refuses to delete them, naming the command that does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { DeleteModelResponse, JobView, ModelListEntry } from '../../src/api-types.js';
import { writeLocalDirDownload } from '../support/cache/local-dir-download.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

it('refuses nested, hidden and bookkeeping local dirs; lists sub-folder ones by path, deletes only direct ones', async () => {
  harness = await startHarness();
  const { hub, server, config } = harness;
  const modelsDir = config.modelsDir;
  await hub.addRepo({ repoId: 'org/small', files: [{ path: 'config.json', content: '{"a":1}' }] });

  const sse = await connectSse(`${server.url}/api/events`);
  const created = await harness.api<JobView>('POST', '/api/downloads', {
    repoId: 'org/small',
    localDir: 'small',
  });
  expect(created.status).toBe(201);
  await sse.waitFor(() => sse.jobEvents(created.body.id).some((job) => job.state === 'completed'));
  sse.close();

  for (const localDir of [
    'small/nested',
    'small/.cache/huggingface',
    join(modelsDir, 'org', 'small'),
    '.cache',
    'models--org--small',
  ]) {
    for (const route of ['/api/downloads', '/api/downloads/preview']) {
      const refused = await harness.api<{ code: string; message: string }>('POST', route, {
        repoId: 'org/small',
        localDir,
      });
      expect(refused.status, `${route} ${localDir}`).toBe(400);
      expect(refused.body.code).toBe('INVALID_ARGUMENT');
      expect(refused.body.message).toMatch(
        /one folder directly under the models folder|hidden folder|hub-cache/,
      );
    }
  }
  expect((await harness.api<JobView[]>('GET', '/api/downloads')).body).toHaveLength(1);
  expect(existsSync(join(modelsDir, 'small', 'nested'))).toBe(false);
  expect(existsSync(join(modelsDir, 'small', '.cache', 'huggingface', 'config.json'))).toBe(false);

  // Other programs' downloads in sub-folders, with the same last folder name as each other: listed, each
  // under its own key (its path relative to the models dir), with its status.
  writeLocalDirDownload(join(modelsDir, 'a', 'llama'));
  writeLocalDirDownload(join(modelsDir, 'team', 'b', 'llama'));
  writeLocalDirDownload(join(modelsDir, 'x', 'y', 'z', 'too-deep'));
  const models = await harness.api<ModelListEntry[]>('GET', '/api/models');
  const localKeys = models.body
    .filter((entry) => entry.key.startsWith('local:') && (entry.installed !== null || entry.job !== null))
    .map((entry) => entry.key)
    .sort();
  expect(localKeys).toEqual(['local:a/llama', 'local:small', 'local:team/b/llama']);
  expect(models.body.find((entry) => entry.key === 'local:small')).toMatchObject({
    status: 'installed',
    job: { id: created.body.id },
    installed: { repoId: 'org/small', path: join(modelsDir, 'small'), localFolder: 'small' },
  });
  expect(models.body.find((entry) => entry.key === 'local:team/b/llama')).toMatchObject({
    status: 'installed',
    job: null,
    installed: {
      repoId: 'team/b/llama',
      location: 'local',
      path: join(modelsDir, 'team', 'b', 'llama'),
      localFolder: 'team/b/llama',
      files: 1,
    },
  });

  // Not the server's to delete: refused, with the command that deletes it, and nothing goes.
  const refusedDelete = await harness.api<{ code: string; message: string }>(
    'DELETE',
    `/api/models/local/${encodeURIComponent('a/llama')}`,
  );
  expect(refusedDelete.status).toBe(400);
  expect(refusedDelete.body.code).toBe('INVALID_ARGUMENT');
  expect(refusedDelete.body.message).toContain(
    `found in a sub-folder; delete it with \`hubget rm --local-dir ${join(modelsDir, 'a', 'llama')}\``,
  );
  expect(existsSync(join(modelsDir, 'a', 'llama', 'config.json'))).toBe(true);

  const deleted = await harness.api<DeleteModelResponse>('DELETE', '/api/models/local/small');
  expect(deleted.status).toBe(200);
  expect(existsSync(join(modelsDir, 'small', 'config.json'))).toBe(false);
  expect(existsSync(join(modelsDir, 'a', 'llama', 'config.json'))).toBe(true);
});
