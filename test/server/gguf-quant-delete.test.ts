/**
 * GET / DELETE /api/models/:repoType/:org/:name/quants/:quant: one GGUF quantization goes (every part of a split
 * one), the rest stays, and the model list keeps the model installed with the quantizations left, not Partial
 * with a Resume download of what was deleted.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuantDeletion } from '../../src/api-quant-types.js';
import type { JobView, ModelListEntry } from '../../src/api-types.js';
import { GGUF_MMPROJ, GGUF_QUANT_FILES, GGUF_SMALL_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('deleting one GGUF quantization through the server', () => {
  it('says what goes, deletes it, and leaves the model installed with the quantizations left', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo(ggufRepoSpec('org/gguf-repo'));
    const sse = await connectSse(`${server.url}/api/events`);
    // One download of two quantizations: its plan lists both.
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', {
      repoId: 'org/gguf-repo',
      include: [...GGUF_QUANT_FILES.Q6_K!, ...GGUF_QUANT_FILES.Q4_K_M!, GGUF_MMPROJ, ...GGUF_SMALL_FILES],
      name: 'gguf-repo two',
    });
    await sse.waitFor(() => sse.jobEvents(job.id).some((event) => event.state === 'completed'));
    sse.close();

    const path = '/api/models/model/org/gguf-repo/quants/q6_k';
    const planned = await harness.api<QuantDeletion>('GET', path);
    expect(planned.status, planned.text).toBe(200);
    expect(planned.body).toMatchObject({
      quant: 'Q6_K',
      files: ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'],
      freedBytes: 70_000,
      remaining: ['Q4_K_M'],
    });
    expect(planned.body.deletedPaths.every((file) => existsSync(file))).toBe(true);

    const deleted = await harness.api<QuantDeletion>('DELETE', path);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.body).toMatchObject({ quant: 'Q6_K', freedBytes: 70_000, remaining: ['Q4_K_M'] });
    expect(deleted.body.deletedPaths.some((file) => existsSync(file))).toBe(false);
    // The first path is a snapshot file of the quantization: the projector and the other one stay beside it.
    const snapshot = dirname(deleted.body.deletedPaths[0]!);
    expect(existsSync(join(snapshot, GGUF_MMPROJ))).toBe(true);
    expect(existsSync(join(snapshot, GGUF_QUANT_FILES.Q4_K_M![0]!))).toBe(true);

    const models = await harness.api<ModelListEntry[]>('GET', '/api/models');
    expect(models.body.find((entry) => entry.key === 'cache:model/org/gguf-repo')).toMatchObject({
      status: 'installed',
      installed: { quants: ['Q4_K_M'], plan: { missingFiles: 0 } },
    });

    const gone = await harness.api<{ code: string; message: string }>('DELETE', path);
    expect(gone.status).toBe(400);
    expect(gone.body).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'No quantization Q6_K of org/gguf-repo in the cache; on disk: Q4_K_M',
    });
    const bad = await harness.api('DELETE', '/api/models/model/org/gguf-repo/quants/..%2Fx');
    expect(bad.status).toBe(400);
  });
});
