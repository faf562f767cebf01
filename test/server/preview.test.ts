/**
 * POST /api/downloads/preview against the real server and the test hub: the destination is the absolute
 * folder the download writes to (free space is measured there, whatever the server's working directory).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.hub.addRepo({
    repoId: 'org/small',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model.safetensors', size: 50_000 },
    ],
  });
}, 60_000);

afterAll(() => h.cleanup());

describe('POST /api/downloads/preview: destination', () => {
  it('is the repo folder in the hub cache, as an absolute path', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/small' });
    expect(answer.status, answer.text).toBe(200);
    const folder = join(h.config.hubCacheDir, 'models--org--small');
    expect(answer.body).toMatchObject({ destination: folder, totalBytes: 50_007, needsToken: false });
    expect(answer.body.freeBytes).toBeGreaterThan(0);
  });

  it('is the local folder for a local-dir download', async () => {
    const answer = await h.api<PreviewResponse>('POST', '/api/downloads/preview', {
      repoId: 'org/small',
      localDir: 'small',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.destination).toBe(join(h.config.modelsDir, 'small'));
  });
});
