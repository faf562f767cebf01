/**
 * Settings documented as live apply to what is already running: the stall timeout reaches the external
 * watcher (it read the value once at start-up) and running jobs; endpoint and token reach a running
 * job's next Hub call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import { createExternalJobSource } from './external-jobs.js';

describe('jobs service: live settings', () => {
  it('a changed stall timeout reaches the external-download watcher without a restart', async () => {
    let clock = Date.now() + 100;
    const h = harness(({ hubCacheDir, modelsDir }) => ({
      createExternalSource: (context) =>
        createExternalJobSource(context, { hubCacheDir, modelsDir, intervalMs: 10, now: () => clock }),
    }));
    // Another program's temp file that stops growing.
    const temp = join(h.dir, 'cache', 'models--org--ext', 'blobs', `${'a'.repeat(64)}.0badc0de.incomplete`);
    mkdirSync(dirname(temp), { recursive: true });
    writeFileSync(temp, Buffer.alloc(1000, 1));
    const external = () => h.service.list().find((job) => job.kind === 'external');
    await waitFor(() => external() !== undefined, 'external download seen');
    expect(h.service.getSettings().stallTimeoutMs).toBe(30_000);

    clock += 8000;
    h.service.updateSettings({ stallTimeoutMs: 6000 });
    await waitFor(() => external()?.stalled === true, 'stalled after 8 s idle with a 6 s timeout');
    expect(external()!.stallReason).toMatch(/^No file activity for 8/);

    h.service.updateSettings({ stallTimeoutMs: 60_000 });
    await waitFor(() => external()?.stalled === false, 'not stalled with a 60 s timeout');
  });

  it('a running job reads the current stall timeout, endpoint and token', async () => {
    const h = harness();
    await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    const { options } = h.runner.active.get('org/a')!;
    const stallTimeout = () =>
      typeof options.stallTimeoutMs === 'function' ? options.stallTimeoutMs() : options.stallTimeoutMs;
    expect(stallTimeout()).toBe(30_000);
    expect(options.hubConfig?.()).toEqual({ endpoint: 'http://127.0.0.1:9' });

    h.service.updateSettings({ stallTimeoutMs: 5000, endpoint: 'http://127.0.0.1:8/', hfToken: 'hf_live' });
    expect(stallTimeout()).toBe(5000);
    expect(options.hubConfig?.()).toEqual({ endpoint: 'http://127.0.0.1:8', token: 'hf_live' });
  });
});
