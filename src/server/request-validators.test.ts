/**
 * Request bodies are validated strictly (a wrong JSON type is a 400, never converted); query strings and path
 * parameters, which arrive as text, are still converted to their schema's type.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import type { HubSearchQuery } from '../hub/search.js';
import { buildApp } from './app.js';
import type { HubBrowser } from './hub-browser.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(hub?: HubBrowser): Promise<FastifyInstance> {
  deps = fakeDeps();
  app = await buildApp(hub ? { ...deps, hub } : deps);
  return app;
}

function send(method: 'POST' | 'PUT', url: string, payload: unknown) {
  return app!.inject({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
}

describe('request bodies: a wrong JSON type is refused, not converted', () => {
  it.each([
    [{ repoId: 'gpt2', bandwidthLimit: true }, /"bandwidthLimit": must be integer/],
    [{ repoId: 'gpt2', bandwidthLimit: '1000' }, /"bandwidthLimit": must be integer/],
    [{ repoId: 123 }, /"repoId".*must be string/],
    [{ repoId: ['gpt2'] }, /"repoId".*must be string/],
    [{ repoId: 'gpt2', include: '*.bin' }, /"include": must be array/],
    [{ repoId: 'gpt2', exclude: null }, /"exclude": must be array/],
    [{ repoId: 'gpt2', include: [1] }, /"include.0": must be string/],
    [{ repoId: 'gpt2', name: 7 }, /"name": must be string/],
  ])('POST /api/downloads and /preview refuse %j', async (body, message) => {
    await start();
    for (const url of ['/api/downloads', '/api/downloads/preview']) {
      const response = await send('POST', url, body);
      expect(response.statusCode, `${url} ${response.body}`).toBe(400);
      expect(response.json()).toMatchObject({ code: expect.stringMatching(/^INVALID_/) });
      expect(response.json().message).toMatch(message);
    }
    expect(deps.jobs.jobs.size).toBe(0);
  });

  it.each([
    [{ maxParallel: '3' }, /"maxParallel": must be integer/],
    [{ maxParallel: [3] }, /"maxParallel": must be integer/],
    [{ bandwidthLimit: false }, /"bandwidthLimit": must be integer/],
    // Refused by the schema, answered in the stall timeout's own words (src/stall-timeout.ts).
    [{ stallTimeoutMs: '30000' }, /^stallTimeoutMs must be a whole number of seconds from 5 to 3600/],
    [{ hfToken: 12345 }, /"hfToken": must be string,null/],
    [{ endpoint: ['https://huggingface.co'] }, /"endpoint": must be string/],
  ])('PUT /api/settings refuses %j', async (body, message) => {
    await start();
    const before = { ...deps.jobs.settings };
    const response = await send('PUT', '/api/settings', body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(message);
    expect(deps.jobs.settings).toEqual(before);
  });

  it('refuses a string position and a string limit on a job', async () => {
    await start();
    const created = await send('POST', '/api/downloads', { repoId: 'org/model' });
    const id = created.json().id as string;
    const move = await send('POST', `/api/downloads/${id}/move`, { position: '0' });
    expect(move.statusCode).toBe(400);
    expect(move.json().message).toMatch(/^position must be a whole number, 0 or more/);
    const limit = await send('PUT', `/api/downloads/${id}/limit`, { bandwidthLimit: '100' });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().message).toMatch(/"bandwidthLimit": must be integer/);
    expect(deps.jobs.jobs.get(id)?.bandwidthLimit).toBe(0);
  });

  it('words a refused position with its range, and takes one past the end of the queue, however large', async () => {
    await start();
    const id = (await send('POST', '/api/downloads', { repoId: 'org/model' })).json().id as string;
    for (const position of [-1, 1.5, null]) {
      const move = await send('POST', `/api/downloads/${id}/move`, { position });
      expect(move.statusCode, move.body).toBe(400);
      const problem =
        'must be a whole number, 0 or more: 0 is next to start, and a position past the end of the queue means the end';
      // The field and the problem apart too, for a form's own words (src/field-error.ts).
      expect(move.json()).toEqual({
        code: 'INVALID_ARGUMENT',
        message: `position ${problem}`,
        field: 'position',
        problem,
      });
    }
    // The service puts it last (job-queue.test.ts); the schema no longer refuses it as "must be <= 2^53 - 1".
    for (const position of [Number.MAX_SAFE_INTEGER + 2, 1e20]) {
      const move = await send('POST', `/api/downloads/${id}/move`, { position });
      expect(move.statusCode, move.body).toBe(200);
    }
  });

  it('still accepts the right types', async () => {
    await start();
    const created = await send('POST', '/api/downloads', {
      repoId: 'gpt2',
      bandwidthLimit: 1000,
      include: ['*.json'],
      exclude: ['*.bin'],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ bandwidthLimit: 1000, include: ['*.json'], exclude: ['*.bin'] });
    const settings = await send('PUT', '/api/settings', { maxParallel: 3, hfToken: null });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json().maxParallel).toBe(3);
  });
});

describe('query strings and path parameters are text: still converted', () => {
  it('reads ?limit=5 as the integer 5', async () => {
    const seen: HubSearchQuery[] = [];
    await start({
      search: async (query) => {
        seen.push(query);
        return { items: [], nextCursor: null };
      },
      repo: async () => {
        throw new Error('not used');
      },
      machine: async () => {
        throw new Error('not used');
      },
      whoami: async () => {
        throw new Error('not used');
      },
    });
    const response = await app!.inject('/api/hub/search?q=tiny&limit=5');
    expect(response.statusCode, response.body).toBe(200);
    expect(seen[0]?.limit).toBe(5);
    const bad = await app!.inject('/api/hub/search?q=tiny&limit=many');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/query parameter field "limit": must be integer/);
    // An enum names its allowed values (ajv says only "must be equal to one of the allowed values").
    const sort = await app!.inject('/api/hub/search?q=tiny&sort=bogus');
    expect(sort.statusCode).toBe(400);
    const problem = 'expected one of "downloads", "likes", "trending", "lastModified"';
    expect(sort.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: `Invalid query parameter field "sort": ${problem}`,
      field: 'sort',
      problem,
    });
  });
});
