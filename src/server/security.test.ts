import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { isLoopbackHost } from '../bind-host.js';
import { buildApp } from './app.js';
import { createServerConfig } from './server-config.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const API_TOKEN = 'local-api-token-123';
const HF_TOKEN = 'hf_SECRETsecretSECRETsecret1234567890';

function captureLogs(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('cross-origin writes', () => {
  it('refuses a POST whose Origin is another site, and one marked cross-site by the browser', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const evil = await app.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { host: '127.0.0.1:3000', origin: 'https://evil.example' },
      payload: { repoId: 'org/model' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('CROSS_ORIGIN_REQUEST');
    const fetchMeta = await app.inject({
      method: 'DELETE',
      url: '/api/models/model/org/model',
      headers: { host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMeta.statusCode).toBe(403);
    const nullOrigin = await app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { host: '127.0.0.1:3000', origin: 'null' },
      payload: { maxParallel: 8 },
    });
    expect(nullOrigin.statusCode).toBe(403);
    const otherPort = await app.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:8080' },
      payload: { repoId: 'org/model' },
    });
    expect(otherPort.statusCode).toBe(403);
    expect(deps.jobs.jobs.size).toBe(0);
    expect(deps.jobs.settings.maxParallel).toBe(2);
    expect(deps.models.deletedCached).toEqual([]);
  });

  it('accepts same-origin browser writes, clients without Origin, and cross-origin reads', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const same = await app.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      payload: { repoId: 'org/model' },
    });
    expect(same.statusCode).toBe(201);
    const curl = await app.inject({ method: 'POST', url: '/api/downloads', payload: { repoId: 'org/two' } });
    expect(curl.statusCode).toBe(201);
    const read = await app.inject({
      url: '/api/downloads',
      headers: { host: '127.0.0.1:3000', origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
    // No CORS header: the browser will not hand the answer to the other site's script.
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses requests addressed to a foreign host name on a loopback bind (DNS rebinding)', async () => {
    deps = fakeDeps();
    app = await buildApp(deps);
    const rebound = await app.inject({ url: '/api/settings', headers: { host: 'attacker.example:3000' } });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().code).toBe('HOST_NOT_ALLOWED');
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      expect((await app.inject({ url: '/api/settings', headers: { host } })).statusCode).toBe(200);
    }
  });
});

describe('API token', () => {
  it('is required on /api and /metrics when configured: Bearer header or ?token=', async () => {
    deps = fakeDeps({ apiToken: API_TOKEN });
    app = await buildApp(deps);
    const none = await app.inject('/api/downloads');
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('API_TOKEN_REQUIRED');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(
      (await app.inject({ url: '/api/downloads', headers: { authorization: 'Bearer wrong-token' } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ url: '/api/downloads', headers: { authorization: `Bearer ${API_TOKEN}` } }))
        .statusCode,
    ).toBe(200);
    expect((await app.inject(`/api/downloads?token=${API_TOKEN}`)).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    const post = await app.inject({
      method: 'POST',
      url: '/api/downloads',
      payload: { repoId: 'org/model' },
    });
    expect(post.statusCode).toBe(401);
    expect(deps.jobs.jobs.size).toBe(0);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/')).statusCode).toBe(200);
  });

  it('is required however the path is spelled: percent-encoded letters reach the same routes', async () => {
    deps = fakeDeps({ apiToken: API_TOKEN });
    app = await buildApp(deps);
    for (const url of [
      '/%61pi/settings',
      '/%61%70%69/downloads',
      '/api/%73ettings',
      '/me%74rics',
      '/%61pi/events',
      '/%61pi/openapi.json',
    ]) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code, url).toBe('API_TOKEN_REQUIRED');
    }
    const write = await app.inject({
      method: 'POST',
      url: '/%61pi/downloads',
      payload: { repoId: 'org/model' },
    });
    expect(write.statusCode).toBe(401);
    const settings = await app.inject({ method: 'PUT', url: '/%61pi/settings', payload: { maxParallel: 3 } });
    expect(settings.statusCode).toBe(401);
    expect(deps.jobs.jobs.size).toBe(0);
    // With the token the same spelling works: it is the same route.
    const allowed = await app.inject({
      url: '/%61pi/downloads',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('must be set to listen beyond loopback', () => {
    expect(() => createServerConfig({ ...deps.config, host: '0.0.0.0', apiToken: undefined })).toThrow(
      /Refusing to listen on 0\.0\.0\.0 without an API token.*HUBGET_API_TOKEN/,
    );
    expect(createServerConfig({ ...deps.config, host: '0.0.0.0', apiToken: API_TOKEN }).host).toBe('0.0.0.0');
    expect(() => createServerConfig({ ...deps.config, apiToken: 'short' })).toThrow(/at least 8/);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('192.168.1.2')).toBe(false);
  });

  it('does not check the Host header on a non-loopback bind (the token protects it)', async () => {
    deps = fakeDeps({ host: '0.0.0.0', apiToken: API_TOKEN });
    app = await buildApp(deps);
    const response = await app.inject({
      url: '/api/downloads',
      headers: { host: 'nas.local:3000', authorization: `Bearer ${API_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('secrets in logs and responses', () => {
  it('keeps the HF token and the API token out of every response and log line', async () => {
    const logs = captureLogs();
    deps = fakeDeps({ apiToken: API_TOKEN });
    deps.logger = { level: 'trace', stream: logs.stream };
    app = await buildApp(deps);
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const responses: string[] = [];
    const put = await app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: auth,
      payload: { hfToken: HF_TOKEN },
    });
    expect(put.statusCode).toBe(200);
    responses.push(put.body);
    // A rejected body that contains the token (unknown field next to it).
    const rejected = await app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: auth,
      payload: { hfToken: HF_TOKEN, colour: 'red' },
    });
    expect(rejected.statusCode).toBe(400);
    responses.push(rejected.body);
    // A token-shaped value where a number belongs.
    const wrongType = await app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: auth,
      payload: { maxParallel: HF_TOKEN },
    });
    expect(wrongType.statusCode).toBe(400);
    responses.push(wrongType.body);
    // An engine error whose message carries the token by mistake.
    deps.jobs.preview = async () => {
      throw Object.assign(new Error(`upstream said Authorization: Bearer ${HF_TOKEN}`), { statusCode: 500 });
    };
    const failed = await app.inject({
      method: 'POST',
      url: `/api/downloads/preview?token=${API_TOKEN}`,
      payload: { repoId: 'org/model' },
    });
    expect(failed.statusCode).toBe(500);
    responses.push(failed.body);
    responses.push((await app.inject({ url: '/api/settings', headers: auth })).body);
    responses.push((await app.inject(`/api/openapi.json?token=${API_TOKEN}`)).body);

    for (const body of responses) expect(body).not.toContain(HF_TOKEN);
    const logText = logs.text();
    expect(logText).toContain('"url":"/api/downloads/preview?token=***"');
    expect(logText).toContain('upstream said Authorization: Bearer ***');
    expect(logText).not.toContain(HF_TOKEN);
    expect(logText).not.toContain(API_TOKEN);
  });
});
