/**
 * Operating rules of the mirror endpoint on a loopback bind: `/hf` answers any Host name (LAN clients,
 * proxies) and never asks for the API token; `/api` keeps its DNS-rebinding guard unless the name is in
 * `--allowed-hosts`; flags and env turn mirror mode on.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/server/load-server-config.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({ repoId: 'org/open', files: [{ path: 'a.txt', content: 'hello' }] });
});
afterAll(async () => {
  await mirror?.close();
});

function get(path: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(mirror.server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mirror endpoint access rules', () => {
  it('answers /hf under any Host name, keeps the Host guard on /api', async () => {
    const file = await get('/hf/org/open/resolve/main/a.txt', 'mirror.lan:3000');
    expect(file).toEqual({ status: 200, body: 'hello' });
    const api = await get('/api/mirror', 'mirror.lan:3000');
    expect(api.status).toBe(403);
    expect(api.body).toContain('HOST_NOT_ALLOWED');
  });

  it('counts requests by result and bytes in the Prometheus metrics', async () => {
    await pullsSettled(mirror);
    await (await fetch(`${mirror.mirrorUrl}/org/open/resolve/main/a.txt`)).text();
    const text = await (await fetch(`${mirror.server.url}/metrics`)).text();
    expect(text).toContain('hubget_downloaded_bytes_total');
    expect(text).toMatch(/hubget_mirror_requests_total\{result="miss"\} 1\b/);
    expect(text).toMatch(/hubget_mirror_requests_total\{result="hit"\} [1-9]/);
    expect(text).toMatch(/hubget_mirror_served_bytes_total [1-9]/);
    expect(text).toMatch(/hubget_mirror_upstream_bytes_total 5\b/);
  });

  it('is read-only: writes and unknown endpoints are 404, nothing is created', async () => {
    const { port } = new URL(mirror.server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { hostname: '127.0.0.1', port, path: '/hf/api/models/org/open/commit/main', method: 'POST' },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(404);
  });

  it('is configured by flags and env', () => {
    const cwd = { cwd: '/work' };
    const env = { HOME: '/home/u' };
    expect(loadServerConfig({}, env, cwd).mirror).toBeUndefined();
    expect(loadServerConfig({ mirror: true }, env, cwd).mirror).toEqual({ offline: false });
    expect(loadServerConfig({ mirrorOffline: true }, env, cwd).mirror).toEqual({ offline: true });
    expect(loadServerConfig({}, { ...env, HUBGET_MIRROR: '1' }, cwd).mirror).toEqual({ offline: false });
    expect(loadServerConfig({ allowedHosts: 'a.lan, b.lan' }, env, cwd).allowedHosts).toEqual([
      'a.lan',
      'b.lan',
    ]);
  });
});
