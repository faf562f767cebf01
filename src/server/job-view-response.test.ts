/**
 * Fields of a job reach the API's JSON: responses are serialised by schema (response-schemas.ts), which drops
 * the fields it does not list.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import type { JobView } from '../api-types.js';
import { buildApp } from './app.js';

let app: FastifyInstance;
let deps: ReturnType<typeof fakeDeps>;
/** The job POST /api/downloads created, as the API answered. */
let created: JobView;

beforeEach(async () => {
  deps = fakeDeps();
  app = await buildApp(deps);
  created = (
    await app.inject({ method: 'POST', url: '/api/downloads', payload: { repoId: 'org/a' } })
  ).json();
});
afterEach(() => app.close());

/** Sets fields of the created job in the fake service; returns what the list and the job's own route answer. */
async function answersWith(fields: Partial<JobView>): Promise<JobView[]> {
  deps.jobs.jobs.set(created.id, { ...deps.jobs.jobs.get(created.id)!, ...fields });
  return [
    (await app.inject('/api/downloads')).json()[0],
    (await app.inject(`/api/downloads/${created.id}`)).json(),
  ];
}

describe('GET /api/downloads: a job in JSON', () => {
  it('carries the files a running job waits for, and null for a job that waits for none', async () => {
    expect(created.waitingFor).toBeNull();
    const waitingFor = { files: 2, bytes: 209_715_200, owners: ['pid 4242 on build-2'] };
    for (const answer of await answersWith({ state: 'running', waitingFor })) {
      expect(answer.waitingFor).toEqual(waitingFor);
    }
  });

  it('carries why a running job has the connections it has, null when none are open', async () => {
    expect(created.connectionsReason).toBeNull();
    for (const answer of await answersWith({ state: 'running', connections: 2, connectionsReason: 'cpu' })) {
      expect(answer).toMatchObject({ connections: 2, connectionsReason: 'cpu' });
    }
  });

  it('carries what the job fetched, what another download fetched for it and what it copied, null when not recorded', async () => {
    expect(created).toMatchObject({ fetchedBytes: null, otherRunBytes: null, copiedBytes: null });
    const counts = { fetchedBytes: 0, otherRunBytes: 629_145_600, copiedBytes: 5_242_880 };
    for (const answer of await answersWith({ state: 'completed', ...counts }))
      expect(answer).toMatchObject(counts);
  });

  it('carries how long the job waited for the Hub (the History says it), null when not recorded', async () => {
    expect(created.hubWaitedMs).toBeNull();
    for (const answer of await answersWith({ state: 'completed', fetchingMs: 9000, hubWaitedMs: 217_000 }))
      expect(answer).toMatchObject({ fetchingMs: 9000, hubWaitedMs: 217_000 });
  });
});

describe('GET /api/downloads: a retrying job in JSON', () => {
  it('carries the retry limit, a time or a count of tries, and null when not known', async () => {
    for (const limit of [{ forMs: 300_000 }, { failures: 40 }, null]) {
      const retrying = { attempt: 7, message: 'HTTP 503', unreachable: null, limit };
      for (const answer of await answersWith({ state: 'running', retrying })) {
        expect(answer.retrying).toEqual(retrying);
      }
    }
  });
});

describe('GET /api/models: an entry in JSON', () => {
  it("carries the model's active jobs, each a whole job", async () => {
    const entries: { key: string; activeJobs: JobView[] }[] = (await app.inject('/api/models')).json();
    const entry = entries.find((each) => each.key === 'cache:model/org/a');
    expect(entry?.activeJobs.map((job) => [job.id, job.repoId])).toEqual([[created.id, 'org/a']]);
  });
});
