import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { installedFixture } from '../../test/support/web/installed-fixture.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

async function start(overrides: Parameters<typeof fakeDeps>[0] = {}): Promise<FastifyInstance> {
  deps = fakeDeps(overrides);
  app = await buildApp(deps);
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function post(url: string, payload?: object) {
  return app!.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });
}

describe('downloads routes', () => {
  it('creates a job with 201 and joins an identical active one with 200', async () => {
    await start();
    const first = await post('/api/downloads', { repoId: 'org/model', include: ['*.json'] });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ repoId: 'org/model', state: 'queued', include: ['*.json'] });
    const second = await post('/api/downloads', { repoId: 'org/model' });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const list = await app!.inject('/api/downloads');
    expect(list.json()).toHaveLength(1);
  });

  it.each([
    [{ repoId: 'not a repo' }, 'INVALID_REPO_ID', /Invalid repository id "not a repo"/],
    [{ repoId: 'org--x/model' }, 'INVALID_REPO_ID', /"--" and "\.\." are not allowed/],
    [{ repoId: 'a/b/c' }, 'INVALID_REPO_ID', /org\/name/],
    [{ repoId: `org/${'x'.repeat(100)}` }, 'INVALID_REPO_ID', /longer than 96 characters/],
    [{ repoId: 'org/model', colour: 'red' }, 'INVALID_ARGUMENT', /Unknown body field "colour"/],
    [{}, 'INVALID_ARGUMENT', /Missing required body field "repoId"/],
    [{ repoId: 'org/model', bandwidthLimit: -1 }, 'INVALID_ARGUMENT', /"bandwidthLimit".*>= 0/],
    [{ repoId: 'org/model', localDir: '../../etc/passwd' }, 'INVALID_ARGUMENT', /localDir.*"\.\."/],
    [{ repoId: 'org/model', revision: 'main branch' }, 'INVALID_ARGUMENT', /revision/],
    [
      { repoId: 'org/model', repoType: 'weights' },
      'INVALID_ARGUMENT',
      /^Invalid body field "repoType": expected one of "model", "dataset", "space"$/,
    ],
  ])('refuses %j with 400 %s', async (body, code, message) => {
    await start();
    const response = await post('/api/downloads', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(code);
    expect(response.json().message).toMatch(message);
    expect(deps.jobs.jobs.size).toBe(0);
  });

  it('refuses malformed JSON and a wrong content type with 4xx {code, message}', async () => {
    await start();
    const bad = await app!.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { 'content-type': 'application/json' },
      payload: '{"repoId":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(deps.jobs.jobs.size).toBe(0);
  });

  it('maps service errors to statuses', async () => {
    await start();
    expect((await post('/api/downloads', { repoId: 'org/missing' })).statusCode).toBe(404);
    const gated = await post('/api/downloads', { repoId: 'org/gated' });
    expect(gated.statusCode).toBe(403);
    expect(gated.json()).toEqual({ code: 'GATED_REPO', message: 'org/gated is gated' });
    const unknown = await app!.inject('/api/downloads/nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('JOB_NOT_FOUND');
    expect((await app!.inject('/api/downloads/bad%20id')).statusCode).toBe(400);
  });

  it('asks the service to check with the Hub, and says in a header whether the Hub was asked', async () => {
    await start();
    const checked = await post('/api/downloads', { repoId: 'org/model' });
    expect(checked.statusCode).toBe(201);
    expect(checked.headers['hubget-hub-check']).toBe('checked');
    expect(deps.jobs.createOptions).toEqual([{ checkHub: true }]);
    deps.jobs.hubCheck = { checked: false, code: 'NETWORK_UNREACHABLE' };
    const unchecked = await post('/api/downloads', { repoId: 'org/other' });
    expect(unchecked.statusCode).toBe(201);
    expect(unchecked.headers['hubget-hub-check']).toBe('unchecked; code=NETWORK_UNREACHABLE');
    const joined = await post('/api/downloads', { repoId: 'org/model' });
    expect(joined.statusCode).toBe(200);
    expect(joined.headers['hubget-hub-check']).toBeUndefined();
  });

  it('drives a job through pause, resume, cancel, retry, move, limit and remove', async () => {
    await start();
    const { id } = (await post('/api/downloads', { repoId: 'org/model' })).json();
    expect((await post(`/api/downloads/${id}/pause`)).json().state).toBe('paused');
    const again = await post(`/api/downloads/${id}/pause`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_STATE');
    expect((await post(`/api/downloads/${id}/resume`)).json().state).toBe('queued');
    expect((await post(`/api/downloads/${id}/move`, { position: 3 })).json().queuePosition).toBe(3);
    expect((await post(`/api/downloads/${id}/move`, { position: -1 })).statusCode).toBe(400);
    const limit = await app!.inject({
      method: 'PUT',
      url: `/api/downloads/${id}/limit`,
      payload: { bandwidthLimit: 1_000_000 },
    });
    expect(limit.json().bandwidthLimit).toBe(1_000_000);
    expect((await app!.inject({ method: 'DELETE', url: `/api/downloads/${id}` })).statusCode).toBe(409);
    expect((await post(`/api/downloads/${id}/cancel`)).json().state).toBe('cancelled');
    expect((await post(`/api/downloads/${id}/retry`)).json().state).toBe('queued');
    await post(`/api/downloads/${id}/cancel`);
    expect((await app!.inject({ method: 'DELETE', url: `/api/downloads/${id}` })).statusCode).toBe(204);
    expect(deps.jobs.jobs.size).toBe(0);
    expect((await post('/api/downloads/nope/pause')).statusCode).toBe(404);
  });

  it('answers files, history and preview', async () => {
    await start();
    const { id } = (await post('/api/downloads', { repoId: 'org/model' })).json();
    expect((await app!.inject(`/api/downloads/${id}/files`)).json()).toHaveLength(2);
    expect((await app!.inject(`/api/downloads/${id}/history`)).json()).toEqual([
      { t: 1, bytesPerSecond: 10, downloaded: 10, fetchedBytes: 4 },
    ]);
    const preview = await post('/api/downloads/preview', { repoId: 'org/model' });
    expect(preview.json()).toMatchObject({ bytesToFetch: 100, commit: 'a'.repeat(40) });
    expect((await post('/api/downloads/preview', { repoId: '../x' })).statusCode).toBe(400);
  });

  it('answers 500 without internals when a service throws something unexpected', async () => {
    await start();
    await app!.ready();
    deps.jobs.list = () => {
      throw new Error('SQLITE_CORRUPT at /home/user/.local/share/hubget/hubget.db');
    };
    const response = await app!.inject('/api/downloads');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Internal server error (details are in the server log)',
    });
    expect(response.body).not.toMatch(/SQLITE|hubget\.db|at /);
  });
});

describe('models routes', () => {
  const installed = installedFixture('org/model', {
    sizeOnDisk: 1234,
    files: 2,
    lastModified: '2025-01-01T00:00:00.000Z',
    revisions: [],
  });

  it('lists the catalog merged with installed models and jobs', async () => {
    await start();
    deps.models.installedModels = [installed];
    deps.models.catalogEntries = [
      {
        id: 'm',
        repoId: 'org/model',
        repoType: 'model',
        name: 'Model',
        description: '',
        include: [],
        target: 'cache',
        approxBytes: null,
      },
    ];
    await post('/api/downloads', { repoId: 'org/other' });
    const list = (await app!.inject('/api/models')).json();
    expect(list).toHaveLength(2);
    expect(list.find((e: { key: string }) => e.key === 'cache:model/org/model')).toMatchObject({
      status: 'installed',
      installed: { sizeOnDisk: 1234 },
      catalog: { id: 'm' },
      job: null,
    });
    expect(list.find((e: { key: string }) => e.key === 'cache:model/org/other').status).toBe('queued');
  });

  it('groups the jobs once per listing and hands that grouping to the plans of the installed models', async () => {
    await start();
    deps.models.installedModels = [installed];
    const { id } = (await post('/api/downloads', { repoId: 'org/model' })).json();
    await post('/api/downloads', { repoId: 'org/other' });
    const jobs = deps.jobs;
    const listed = vi.spyOn(jobs, 'list');
    const list = (await app!.inject('/api/models')).json();
    expect(list.find((e: { key: string }) => e.key === 'cache:model/org/model').job.id).toBe(id);
    expect(listed).toHaveBeenCalledTimes(1);
    // The models source is handed the route's grouping, not left to group the jobs again for its plans.
    expect(deps.models.planLookups).toEqual([expect.any(Function)]);
  });

  it('deletes a cached model, refusing with 409 while a job uses it', async () => {
    await start();
    deps.models.installedModels = [installed];
    const { id } = (await post('/api/downloads', { repoId: 'org/model' })).json();
    const busy = await app!.inject({ method: 'DELETE', url: '/api/models/model/org/model' });
    expect(busy.statusCode).toBe(409);
    // The message names the download for a person, not by its id.
    expect(busy.json()).toMatchObject({ code: 'IN_USE' });
    expect(busy.json().message).toBe('org/model is used by the queued download "org/model"; cancel it first');
    expect(deps.models.deletedCached).toEqual([]);
    await post(`/api/downloads/${id}/cancel`);
    const commit = 'b'.repeat(40);
    const done = await app!.inject({
      method: 'DELETE',
      url: `/api/models/model/org/model?revision=${commit}`,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ freedBytes: 1234, deletedPaths: ['/cache/models--org--model'] });
    expect(deps.models.deletedCached).toEqual([{ repoId: 'org/model', repoType: 'model', revision: commit }]);
  });

  it('validates model delete parameters and deletes local folders', async () => {
    await start();
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/weights/org/model' })).statusCode).toBe(
      400,
    );
    const badRevision = await app!.inject({
      method: 'DELETE',
      url: '/api/models/model/org/model?revision=main',
    });
    expect(badRevision.statusCode).toBe(400);
    // Only a full commit is deleted on its own (a branch name would be ambiguous): the message says that.
    expect(badRevision.json().message).toBe(
      'Invalid query parameter field "revision": expected a full 40-character commit hash',
    );
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/model/gpt2' })).json().code).toBe(
      'REPO_NOT_FOUND',
    );
    // `..` is resolved by URL parsing before routing: it never reaches the local-dir route.
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/local/..' })).statusCode).toBe(404);
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/local/%2E%2E' })).statusCode).toBe(404);
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/local/a%2Fb' })).statusCode).toBe(400);
    expect(deps.models.deletedLocal).toEqual([]);
    await post('/api/downloads', { repoId: 'org/model', localDir: 'my-model' });
    expect((await app!.inject({ method: 'DELETE', url: '/api/models/local/my-model' })).statusCode).toBe(409);
    const ok = await app!.inject({ method: 'DELETE', url: '/api/models/local/other-model' });
    expect(ok.json()).toEqual({ freedBytes: 5, deletedPaths: ['/models/other-model'] });
  });
});

describe('system, settings, health, metrics, openapi', () => {
  it('never returns the HF token from settings', async () => {
    await start();
    const token = 'hf_abcdefghijklmnopqrstuvwxyz012345';
    const put = await app!.inject({
      method: 'PUT',
      url: '/api/settings',
      payload: { hfToken: token, maxParallel: 4 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ hfTokenSet: true, maxParallel: 4 });
    expect(put.body).not.toContain(token);
    expect(put.json()).not.toHaveProperty('hfToken');
    expect(deps.jobs.hfToken).toBe(token);
    const get = await app!.inject('/api/settings');
    expect(get.body).not.toContain(token);
    expect(get.json().hfTokenSet).toBe(true);
    expect(
      (await app!.inject({ method: 'PUT', url: '/api/settings', payload: { maxParallel: 0 } })).statusCode,
    ).toBe(400);
    const cleared = await app!.inject({ method: 'PUT', url: '/api/settings', payload: { hfToken: null } });
    expect(cleared.json().hfTokenSet).toBe(false);
  });

  it('runs one network sampler: started when ready, stopped on close, one history for every reader', async () => {
    await start();
    expect(deps.network.running).toBe(false);
    await app!.ready();
    expect(deps.network.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const network = (await app!.inject('/api/system/network')).json();
    const history = (await app!.inject('/api/system/network/history')).json();
    // The route answers the sampler's latest sample, and the history is that sampler's own.
    expect(network.t).toBe(deps.network.latest()!.t);
    expect(history.samples.map((s: { t: number }) => s.t)).toEqual(deps.network.samples.map((s) => s.t));
    await app!.close();
    app = undefined;
    expect(deps.network.running).toBe(false);
  });

  it('answers network stats with hubget speed, history, and disk stats', async () => {
    await start();
    deps.jobs.speed = 777; // before the first request makes the app ready and samples
    const network = (await app!.inject('/api/system/network')).json();
    expect(network).toMatchObject({ supported: true, rxBytesPerSecond: 1000, hubgetBytesPerSecond: 777 });
    await new Promise((resolve) => setTimeout(resolve, 180));
    const history = (await app!.inject('/api/system/network/history')).json();
    expect(history.samples.length).toBeGreaterThanOrEqual(2);
    expect(history.samples[0]).toMatchObject({ rxBytesPerSecond: 1000, hubgetBytesPerSecond: 777 });
    const disk = (await app!.inject('/api/system/disk')).json();
    expect(disk.disks.map((d: { role: string }) => d.role)).toEqual(['models', 'cache', 'data']);
    expect(disk.disks[1]).toEqual({
      role: 'cache',
      path: '/tmp/hubget-test-cache',
      freeBytes: 1000,
      totalBytes: 2000,
    });
  });

  it('answers /healthz, /metrics and /api/openapi.json', async () => {
    await start();
    expect((await app!.inject('/healthz')).json()).toMatchObject({ status: 'ok' });
    const { id } = (await post('/api/downloads', { repoId: 'org/model' })).json();
    deps.jobs.update(id, { state: 'running', downloaded: 300 });
    deps.jobs.update(id, { downloaded: 500 });
    deps.jobs.fetchedBytes = 200;
    deps.jobs.update(id, { state: 'failed' });
    const metrics = await app!.inject('/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^hubget_downloaded_bytes_total 200$/m);
    expect(metrics.body).toMatch(/^hubget_job_errors_total 1$/m);
    expect(metrics.body).toMatch(/^hubget_jobs\{state="failed"\} 1$/m);
    expect(metrics.body).toMatch(/^hubget_network_receive_bytes_per_second 1000$/m);
    // A job that stays failed is counted once.
    deps.jobs.update(id, { state: 'failed' });
    expect((await app!.inject('/metrics')).body).toMatch(/^hubget_job_errors_total 1$/m);
    const openapi = (await app!.inject('/api/openapi.json')).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/downloads',
        '/api/downloads/{id}/pause',
        '/api/models/{repoType}/{org}/{name}',
      ]),
    );
  });
});

describe('static UI', () => {
  it('says how to build the UI when dist/web is missing, and 404s unknown API routes as JSON', async () => {
    await start();
    const root = await app!.inject('/');
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('npm run build');
    const missing = await app!.inject('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the built UI with a fallback to index.html outside /api', async () => {
    const webDir = await mkdtemp(join(tmpdir(), 'hubget-web-'));
    try {
      await writeFile(join(webDir, 'index.html'), '<!doctype html><title>hubget</title>');
      await writeFile(join(webDir, 'app.js'), 'console.log(1)');
      await start({ webDir });
      expect((await app!.inject('/')).body).toContain('<title>hubget</title>');
      expect((await app!.inject('/app.js')).body).toBe('console.log(1)');
      const deep = await app!.inject('/downloads/job1');
      expect(deep.statusCode).toBe(200);
      expect(deep.headers['content-type']).toMatch(/text\/html/);
      expect((await app!.inject('/api/nothing')).json().code).toBe('ROUTE_NOT_FOUND');
      // Mirror mode off: a Hub client gets a JSON 404 that says so, never the UI's HTML.
      for (const url of ['/hf/api/models/org/name', '/hf/org/name/resolve/main/config.json', '/hf']) {
        const off = await app!.inject(url);
        expect(off.statusCode, url).toBe(404);
        expect(off.json().message, url).toContain('--mirror');
      }
    } finally {
      await rm(webDir, { recursive: true, force: true });
    }
  });
});
