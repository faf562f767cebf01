/**
 * A GGUF repo with several quantizations installed is one model (one repo folder, one Delete): GET /api/models
 * names the quantizations it holds, whichever download came last.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeleteModelResponse, JobView, ModelListEntry } from '../../src/api-types.js';
import { GGUF_MMPROJ, GGUF_QUANT_FILES, GGUF_SMALL_FILES, ggufRepoSpec } from '../hub/gguf-fixtures.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('a GGUF repo with several quantizations installed', () => {
  it('is one entry that names every quantization on disk, and Delete removes them all', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo(ggufRepoSpec('org/gguf-repo'));
    const sse = await connectSse(`${server.url}/api/events`);
    // As the repo page's quantization picker asks: the quantization's files, the projector, the small files.
    for (const quant of ['Q6_K', 'Q4_K_M']) {
      const { body: job } = await harness.api<JobView>('POST', '/api/downloads', {
        repoId: 'org/gguf-repo',
        include: [...GGUF_QUANT_FILES[quant]!, GGUF_MMPROJ, ...GGUF_SMALL_FILES],
        name: `gguf-repo ${quant}`,
      });
      await sse.waitFor(() => sse.jobEvents(job.id).some((event) => event.state === 'completed'));
    }
    sse.close();

    const models = await harness.api<ModelListEntry[]>('GET', '/api/models');
    const entries = models.body.filter((entry) => entry.installed?.repoId === 'org/gguf-repo');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      key: 'cache:model/org/gguf-repo',
      status: 'installed',
      job: { name: 'gguf-repo Q4_K_M' },
      installed: { files: 7, quants: ['Q4_K_M', 'Q6_K'] },
    });

    const deleted = await harness.api<DeleteModelResponse>('DELETE', '/api/models/model/org/gguf-repo');
    expect(deleted.status).toBe(200);
    const after = await harness.api<ModelListEntry[]>('GET', '/api/models');
    expect(after.body.find((entry) => entry.key === 'cache:model/org/gguf-repo')?.installed).toBeNull();
  });
});
