/**
 * A server job into the HF cache whose weights another repo's folder holds links them (docs/cache-hard-links.md):
 * its JobView counts them apart (`linkedBytes`, of `copiedBytes`), stored (migration 14), so its History says
 * "linked … (no room taken)" as the CLI's summary does, not "copied", after a restart too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobByteFigures } from '../../src/format/job-figures.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const WEIGHTS = 2_000_000;
let hub: TestHub;
let base: TestRepo;
const engines = engineServices('other-repo-link-job');

beforeAll(async () => {
  hub = await startTestHub();
  base = await hub.addRepo({
    repoId: 'org/base',
    files: [
      { path: 'config.json', content: '{"base":1}' },
      { path: 'model.safetensors', size: WEIGHTS },
    ],
  });
  await hub.addRepo({
    repoId: 'other/fork',
    files: [
      { path: 'config.json', content: '{"fork":1}' },
      { path: 'model.safetensors', content: base.contentOf('model.safetensors') },
    ],
  });
});
afterAll(async () => {
  await hub.close();
});
afterEach(async () => {
  await engines.stopAll();
});

describe('a job that links a fork’s weights', () => {
  it('counts the linked bytes apart, stored, and its History says linked', async () => {
    const service = await engines.start(hub.url);
    const first = await service.create({ repoId: 'org/base' });
    await waitFor(() => service.get(first.job.id)?.state === 'completed', 'base job completed', 20_000);
    expect(service.get(first.job.id)).toMatchObject({ copiedBytes: 0, linkedBytes: 0 });

    const fork = await service.create({ repoId: 'other/fork' });
    await waitFor(() => service.get(fork.job.id)?.state === 'completed', 'fork job completed', 20_000);
    expect(service.get(fork.job.id)).toMatchObject({ copiedBytes: WEIGHTS, linkedBytes: WEIGHTS });
    expect(jobByteFigures(service.get(fork.job.id)!)).toContain(
      '2.00 MB linked from org/base in the HF cache (no room taken)',
    );

    await service.shutdown();
    const restarted = await engines.start(hub.url, {}, engines.dir);
    const view = restarted.get(fork.job.id)!;
    expect(view).toMatchObject({ copiedBytes: WEIGHTS, linkedBytes: WEIGHTS });
    expect(jobByteFigures(view).join(' · ')).toBe(
      '2.00 MB · fetched 10 B · 2.00 MB linked from org/base in the HF cache (no room taken)',
    );
  });
});
