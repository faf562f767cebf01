/** A running job's `waitingFor` reaches the API's JSON: responses are serialised by schema, which drops unlisted fields. */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET /api/downloads: waitingFor', () => {
  it('carries the files a running job waits for, and null for a job that waits for none', async () => {
    const deps = fakeDeps();
    app = await buildApp(deps);
    const created = await app.inject({ method: 'POST', url: '/api/downloads', payload: { repoId: 'org/a' } });
    const id = created.json().id as string;
    expect(created.json().waitingFor).toBeNull();
    const waitingFor = { files: 2, bytes: 209_715_200, owners: ['pid 4242 on build-2'] };
    deps.jobs.jobs.set(id, { ...deps.jobs.jobs.get(id)!, state: 'running', waitingFor });
    expect((await app.inject('/api/downloads')).json()[0].waitingFor).toEqual(waitingFor);
    expect((await app.inject(`/api/downloads/${id}`)).json().waitingFor).toEqual(waitingFor);
  });
});
