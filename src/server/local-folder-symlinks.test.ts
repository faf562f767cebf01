/**
 * The server's Delete of a local dir decides by real paths, the models folder's one containment rule
 * (`realFolderInModelsDir`, src/cache/safe-path.ts), in both of its checks: the folder must lie in the models
 * dir (a symlink out of it is refused and nothing outside is touched), and a job downloading into the folder a
 * symlink leads to makes it IN_USE. Before, the in-use check compared `path.resolve`d names: `models/alias`
 * leading to a paused job's `models/real` was not that job's folder, and the Delete emptied it under the job.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeDeps } from '../../test/server/fake-services.js';
import { writeLocalDirDownload } from '../../test/support/cache/local-dir-download.js';
import { buildApp } from './app.js';
import { createModelsSource } from './models-source.js';

describe('DELETE /api/models/local/:folder through a symlink', () => {
  let root: string;
  let models: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'hubget-local-symlinks-'));
    models = join(root, 'models');
    const hubCacheDir = join(root, 'hub');
    mkdirSync(models);
    mkdirSync(hubCacheDir);
    // The real models source (the deletion itself), the fake jobs (a queued job is all the in-use check needs).
    const source = createModelsSource({ hubCacheDir, modelsDir: models, loadCatalog: async () => [] });
    app = await buildApp({ ...fakeDeps({ modelsDir: models, hubCacheDir }), models: source });
  });
  afterEach(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a folder whose symlink leads out of the models dir, for the folder and its quantizations', async () => {
    const outside = join(root, 'outside');
    writeLocalDirDownload(outside, 'x-Q8_0.gguf', 'q'.repeat(100));
    symlinkSync(outside, join(models, 'escape'));
    for (const [method, url] of [
      ['DELETE', '/api/models/local/escape'],
      ['GET', '/api/models/local/escape/quants/Q8_0'],
      ['DELETE', '/api/models/local/escape/quants/Q8_0'],
    ] as const) {
      const answer = await app.inject({ method, url });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json(), url).toEqual({
        code: 'UNSAFE_PATH',
        message: `Refusing escape — not inside the models folder ${models} (it leads to ${outside})`,
      });
    }
    expect(existsSync(join(outside, 'x-Q8_0.gguf'))).toBe(true);
    expect(existsSync(join(outside, '.cache', 'huggingface'))).toBe(true);
  });

  it('takes a symlink to a job’s folder for that folder: IN_USE, nothing deleted', async () => {
    const real = join(models, 'real');
    writeLocalDirDownload(real, 'x-Q8_0.gguf', 'q'.repeat(100));
    symlinkSync(real, join(models, 'alias'));
    const created = await app.inject({
      method: 'POST',
      url: '/api/downloads',
      payload: { repoId: 'org/model', localDir: 'real' },
    });
    expect(created.statusCode).toBe(201);
    for (const url of ['/api/models/local/alias', '/api/models/local/alias/quants/Q8_0']) {
      const answer = await app.inject({ method: 'DELETE', url });
      expect(answer.statusCode, url).toBe(409);
      expect(answer.json(), url).toMatchObject({
        code: 'IN_USE',
        message: 'Folder alias is used by the queued download "org/model"; cancel it first',
      });
    }
    expect(existsSync(join(real, 'x-Q8_0.gguf'))).toBe(true);
  });
});
