import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';
import { REQUEST_BODY_LIMIT_BYTES } from './body-media-type.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

async function start(): Promise<FastifyInstance> {
  deps = fakeDeps();
  app = await buildApp(deps);
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('request bodies are JSON only', () => {
  // `curl -d '{…}'` without `-H 'content-type: application/json'` sends a form type: say what to send.
  it.each([
    ['text/plain', '{"repoId":"org/model"}', 'Unsupported content-type "text/plain"'],
    [
      'application/x-www-form-urlencoded',
      '{"repoId":"org/model"}',
      'Unsupported content-type "application/x-www-form-urlencoded"',
    ],
    ['text/plain; charset=utf-8', 'repoId=org/model', 'Unsupported content-type "text/plain; charset=utf-8"'],
  ])('refuses a %s body with 415, naming the type expected', async (type, payload, start_) => {
    await start();
    const refused = await app!.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { 'content-type': type },
      payload,
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: `${start_}: send the body as JSON, with the header content-type: application/json`,
    });
    expect(deps.jobs.jobs.size).toBe(0);
  });

  it('refuses a body over the limit with 413, naming the limit', async () => {
    await start();
    const refused = await app!.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ repoId: 'org/model', include: ['x'.repeat(REQUEST_BODY_LIMIT_BYTES)] }),
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'The request body is larger than the 1 MiB the API takes',
    });
    expect(deps.jobs.jobs.size).toBe(0);
  });
});
