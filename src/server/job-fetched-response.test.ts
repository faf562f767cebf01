/** A job's byte counts reach the API's JSON: responses are serialised by schema, which drops unlisted fields. */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET /api/downloads: fetchedBytes and otherRunBytes', () => {
  it('carries what the job fetched and what another download fetched for it, null when not recorded', async () => {
    const deps = fakeDeps();
    app = await buildApp(deps);
    const created = await app.inject({ method: 'POST', url: '/api/downloads', payload: { repoId: 'org/a' } });
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ fetchedBytes: null, otherRunBytes: null });
    const counts = { fetchedBytes: 0, otherRunBytes: 629_145_600 };
    deps.jobs.jobs.set(id, { ...deps.jobs.jobs.get(id)!, state: 'completed', ...counts });
    expect((await app.inject('/api/downloads')).json()[0]).toMatchObject(counts);
    expect((await app.inject(`/api/downloads/${id}`)).json()).toMatchObject(counts);
  });
});
