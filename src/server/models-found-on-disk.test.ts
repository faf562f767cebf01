/**
 * The model list and Delete ask the jobs service first to complete paused and queued jobs whose files another
 * download put in place (src/jobs/found-on-disk.ts): the list then shows the model installed, and Delete goes
 * ahead instead of answering IN_USE for a job that has nothing left to do. A paused job with files missing
 * still holds Delete back.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { installedFixture } from '../../test/support/web/installed-fixture.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** org/model in the HF cache (installed-fixture.ts), with no revision listed. */
const installed = installedFixture('org/model', {
  sizeOnDisk: 1234,
  files: 2,
  lastModified: '2025-01-01T00:00:00.000Z',
  revisions: [],
});

async function pausedJob(): Promise<string> {
  deps = fakeDeps();
  app = await buildApp(deps);
  deps.models.installedModels = [installed];
  const created = await app.inject({
    method: 'POST',
    url: '/api/downloads',
    payload: { repoId: 'org/model' },
  });
  const { id } = created.json();
  await app.inject({ method: 'POST', url: `/api/downloads/${id}/pause` });
  return id;
}

const deleteModel = () => app!.inject({ method: 'DELETE', url: '/api/models/model/org/model' });

describe('models routes: a paused job whose files are on disk', () => {
  it('is completed by the model list, which then shows the model installed', async () => {
    const id = await pausedJob();
    deps.jobs.onDisk.add(id);
    const entry = (await app!.inject('/api/models')).json()[0];
    expect(deps.jobs.diskChecks).toEqual([id]);
    expect(entry).toMatchObject({ status: 'installed', job: { id, state: 'completed' }, activeJobs: [] });
  });

  it('no longer holds Delete back; one with files missing still does', async () => {
    const id = await pausedJob();
    const busy = await deleteModel();
    expect(busy.json()).toMatchObject({ code: 'IN_USE' });
    expect(deps.models.deletedCached).toEqual([]);
    deps.jobs.onDisk.add(id);
    const done = await deleteModel();
    expect(done.statusCode).toBe(200);
    expect(deps.jobs.get(id)!.state).toBe('completed');
    expect(deps.models.deletedCached).toEqual([{ repoId: 'org/model', repoType: 'model' }]);
  });
});
