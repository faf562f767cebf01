import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET / DELETE /api/models/:repoType/:org/:name/quants/:quant', () => {
  it('says what goes without deleting, refuses the DELETE with 409 while a job uses the repo, then deletes', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const url = '/api/models/model/org/x-GGUF/quants/q8_0';
    const planned = await app.inject(url);
    expect(planned.statusCode).toBe(200);
    expect(planned.json()).toMatchObject({ quant: 'Q8_0', files: ['x-Q8_0.gguf'], freedBytes: 7 });
    expect(deps.models.quantCalls).toEqual([
      { repoId: 'org/x-GGUF', repoType: 'model', quant: 'q8_0', execute: false },
    ]);

    const { id } = (
      await app.inject({ method: 'POST', url: '/api/downloads', payload: { repoId: 'org/x-GGUF' } })
    ).json();
    const busy = await app.inject({ method: 'DELETE', url });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().message).toBe(
      'org/x-GGUF is used by the queued download "org/x-GGUF"; cancel it first',
    );
    expect(deps.models.quantCalls).toHaveLength(1);

    await app.inject({ method: 'POST', url: `/api/downloads/${id}/cancel` });
    const done = await app.inject({ method: 'DELETE', url: `${url}?revision=${'b'.repeat(40)}` });
    expect(done.statusCode).toBe(200);
    expect(deps.models.quantCalls.at(-1)).toEqual({
      repoId: 'org/x-GGUF',
      repoType: 'model',
      quant: 'q8_0',
      revision: 'b'.repeat(40),
      execute: true,
    });
  });

  it('validates the quantization name and the revision before anything is asked', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    for (const url of [
      '/api/models/model/org/x/quants/..%2Fetc',
      '/api/models/model/org/x/quants/Q8_0?revision=main',
      `/api/models/model/org/x/quants/${'Q'.repeat(65)}`,
    ]) {
      const answer = await app.inject({ method: 'DELETE', url });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().code, url).toBe('INVALID_ARGUMENT');
    }
    expect(deps.models.quantCalls).toEqual([]);
  });
});

describe('GET / DELETE /api/models/local/:folder/quants/:quant', () => {
  it('says what goes, refuses the DELETE with 409 while a job downloads into the folder, then deletes', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const url = '/api/models/local/x-gguf/quants/q8_0';
    const planned = await app.inject(url);
    expect(planned.statusCode).toBe(200);
    expect(planned.json()).toMatchObject({ quant: 'Q8_0', files: ['x-Q8_0.gguf'], freedBytes: 9 });
    expect(deps.models.localQuantCalls).toEqual([{ folder: 'x-gguf', quant: 'q8_0', execute: false }]);

    const { id } = (
      await app.inject({
        method: 'POST',
        url: '/api/downloads',
        payload: { repoId: 'org/x-GGUF', localDir: 'x-gguf' },
      })
    ).json();
    const busy = await app.inject({ method: 'DELETE', url });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().message).toBe(
      'Folder x-gguf is used by the queued download "org/x-GGUF"; cancel it first',
    );
    expect(deps.models.localQuantCalls).toHaveLength(1);

    await app.inject({ method: 'POST', url: `/api/downloads/${id}/cancel` });
    const done = await app.inject({ method: 'DELETE', url });
    expect(done.statusCode).toBe(200);
    expect(deps.models.localQuantCalls.at(-1)).toEqual({ folder: 'x-gguf', quant: 'q8_0', execute: true });
  });

  it('refuses a folder in a sub-folder (not the server’s to delete in) and a bad quantization name', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const nested = await app.inject({ method: 'DELETE', url: '/api/models/local/team%2Fx/quants/Q8_0' });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().message).toContain('hubget rm --local-dir');
    const bad = await app.inject({ method: 'GET', url: '/api/models/local/x/quants/..%2Fetc' });
    expect(bad.statusCode).toBe(400);
    expect(deps.models.localQuantCalls).toEqual([]);
  });
});
