/**
 * GET/PUT /api/settings `hfTokenSource`: where the token in effect comes from, read from the environment the
 * server was started with (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, the token file), and what `"hfToken": null` clears.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Settings } from '../../src/api-types.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServerConfig } from '../../src/server/server-config.js';
import { testServerInput } from './server-harness.js';

let server: RunningServer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

/** A real server whose Hub settings come from `env` alone, as `hubget serve` reads them. */
async function serve(env: (dir: string) => Promise<NodeJS.ProcessEnv>): Promise<RunningServer> {
  dir = await mkdtemp(join(tmpdir(), 'hubget-token-source-'));
  const { hub: _fromEnvInstead, ...input } = testServerInput(dir, 'http://127.0.0.1:9');
  const processEnv = {
    HF_HOME: join(dir, 'hf-home'),
    HF_ENDPOINT: 'http://127.0.0.1:9',
    ...(await env(dir)),
  };
  server = await startServer(createServerConfig({ ...input, logLevel: 'silent' }, processEnv));
  return server;
}

async function settings(running: RunningServer, hfToken?: string | null): Promise<Settings> {
  const response =
    hfToken === undefined
      ? await running.app.inject('/api/settings')
      : await running.app.inject({ method: 'PUT', url: '/api/settings', payload: { hfToken } });
  expect(response.statusCode).toBe(200);
  return response.json<Settings>();
}

it('names HF_TOKEN as the source; a saved token takes its place, and clearing it leaves HF_TOKEN', async () => {
  const running = await serve(async () => ({ HF_TOKEN: 'hf_fromtheenvironment' }));
  expect(await settings(running)).toMatchObject({
    hfTokenSet: true,
    hfTokenSource: { kind: 'env', variable: 'HF_TOKEN' },
  });
  const saved = await settings(running, 'hf_savedthroughsettings');
  expect(saved).toMatchObject({ hfTokenSet: true, hfTokenSource: { kind: 'settings' } });
  expect(JSON.stringify(saved)).not.toContain('hf_');
  expect(await settings(running, null)).toMatchObject({
    hfTokenSet: true,
    hfTokenSource: { kind: 'env', variable: 'HF_TOKEN' },
  });
});

it('names the token file by its path, and the older HUGGING_FACE_HUB_TOKEN variable', async () => {
  let path = '';
  const withFile = await serve(async (folder) => {
    path = join(folder, 'my-token');
    await writeFile(path, 'hf_fromthetokenfile\n');
    return { HF_TOKEN_PATH: path };
  });
  expect(await settings(withFile)).toMatchObject({
    hfTokenSet: true,
    hfTokenSource: { kind: 'file', path },
  });
  await withFile.close();
  server = undefined;

  const legacy = await serve(async () => ({ HUGGING_FACE_HUB_TOKEN: 'hf_legacyvariable' }));
  expect((await settings(legacy)).hfTokenSource).toEqual({ kind: 'env', variable: 'HUGGING_FACE_HUB_TOKEN' });
});

it('says null without any token, and settings once one is saved; clearing it leaves none', async () => {
  const running = await serve(async () => ({}));
  expect(await settings(running)).toMatchObject({ hfTokenSet: false, hfTokenSource: null });
  expect((await settings(running, 'hf_savedthroughsettings')).hfTokenSource).toEqual({ kind: 'settings' });
  expect(await settings(running, null)).toMatchObject({ hfTokenSet: false, hfTokenSource: null });
});
