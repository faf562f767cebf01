import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

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
});
