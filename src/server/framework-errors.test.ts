import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import { buildApp } from './app.js';

const LONG = 'x'.repeat(10_000);
/** Longer than any error message hubget writes, far shorter than the 10 000-character input. */
const MAX_ANSWER_LENGTH = 400;

describe.each([
  ['without a web build', false],
  ['with a web build (SPA fallback)', true],
])('router refusals %s', (_label, built) => {
  let app: FastifyInstance;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'hubget-web-'));
    if (built) await writeFile(join(webDir, 'index.html'), '<!doctype html><title>hubget</title>');
    app = await buildApp(fakeDeps({ webDir }));
  });
  afterAll(async () => {
    await app.close();
    await rm(webDir, { recursive: true, force: true });
  });

  function expectApiError(response: { statusCode: number; body: string; headers: Record<string, unknown> }) {
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
    expect(response.body.length).toBeLessThan(MAX_ANSWER_LENGTH);
    const body = JSON.parse(response.body);
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).not.toMatch(/^FST_/);
    return body as { code: string; message: string };
  }

  it.each([
    ['GET', '/api/downloads/%E0%A4%A'],
    ['POST', '/api/downloads/%E0%A4%A/pause'],
    ['GET', '/hf/%E0%A4%A'],
    ['GET', '/%E0%A4%A'],
  ] as const)('%s %s (bad percent-encoding) is 400 INVALID_ARGUMENT', async (method, url) => {
    const response = await app.inject({ method, url });
    expect(response.statusCode).toBe(400);
    const body = expectApiError(response);
    expect(body.code).toBe('INVALID_ARGUMENT');
    expect(body.message).not.toContain('%E0');
  });

  it.each([
    ['GET', `/api/downloads/${LONG}`, 'id'],
    ['POST', `/api/downloads/${LONG}/pause`, 'id'],
    ['DELETE', `/api/downloads/${LONG}`, 'id'],
    ['GET', `/api/downloads/${LONG}/files`, 'id'],
    ['DELETE', `/api/models/local/${LONG}`, 'folder'],
  ] as const)(
    '%s with a 10 000-character parameter is the schema 400, as for any too long one',
    async (method, url, field) => {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(400);
      const body = expectApiError(response);
      expect(body.code).toBe('INVALID_ARGUMENT');
      expect(body.message).toContain(`"${field}"`);
      // The same answer as a parameter one character too long.
      const justTooLong = await app.inject({
        method,
        url: url.replace(LONG, 'x'.repeat(field === 'id' ? 65 : 256)),
      });
      expect(justTooLong.statusCode).toBe(400);
      expect(justTooLong.json()).toEqual(body);
    },
  );

  it('an unknown API route is 404 ROUTE_NOT_FOUND that does not repeat a huge URL', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/nothing/${LONG}` });
    expect(response.statusCode).toBe(404);
    const body = expectApiError(response);
    expect(body.code).toBe('ROUTE_NOT_FOUND');
    expect(body.message).toMatch(/^No route GET \/api\/nothing\/x+…$/);
  });
});
