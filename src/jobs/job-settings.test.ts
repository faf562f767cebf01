/** Settings and the token: validation, the 0600 token file, persistence across restarts. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { errorCode, harness } from '../../test/support/jobs/service-tests.js';
import { storedTokenFilePath } from '../store/token-file.js';

describe('jobs service: settings and token', () => {
  it('validates updates and changes nothing on a bad one', async () => {
    const h = harness();
    const before = h.service.getSettings();
    expect(before).toMatchObject({
      maxParallel: 2,
      bandwidthLimit: 0,
      endpoint: 'http://127.0.0.1:9',
      hfTokenSet: false,
    });
    for (const bad of [
      { maxParallel: 0 },
      { maxParallel: 17 },
      { maxParallel: 1.5 },
      { bandwidthLimit: -1 },
      { endpoint: 'ftp://x' },
      { endpoint: 'not a url' },
      { stallTimeoutMs: -1 },
      { progressDir: 'relative' },
      { progressDir: '/tmp/models/../prog' },
      { progressDir: join(h.dataDir, 'nonexist', 'deep') },
      { maxParallel: 3, endpoint: 'file:///etc' },
      { hfToken: 'has space' },
    ]) {
      expect(await errorCode(() => h.service.updateSettings(bad as never))).toBe('INVALID_ARGUMENT');
    }
    expect(h.service.getSettings()).toEqual(before);
    const after = h.service.updateSettings({ maxParallel: 4, endpoint: 'https://hf-mirror.example/' });
    expect(after).toMatchObject({ maxParallel: 4, endpoint: 'https://hf-mirror.example' });
    expect(h.events.at(-1)).toEqual({ type: 'settings', settings: after });
  });

  it('keeps the token in a 0600 file, sends it to the runner, and never shows it', async () => {
    const h = harness();
    const secret = 'hf_SuperSecretToken123';
    expect(h.service.updateSettings({ hfToken: secret }).hfTokenSet).toBe(true);
    expect(statSync(storedTokenFilePath(h.dataDir)).mode & 0o777).toBe(0o600);
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    expect(h.runner.active.get('org/a')!.request.hub.token).toBe(secret);
    await h.runner.active.get('org/a')!.finish();
    await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');

    const visible = JSON.stringify([
      h.service.list(),
      h.service.getSettings(),
      h.events,
      h.service.files(job.id),
    ]);
    expect(visible).not.toContain(secret);
    // Nor in the database.
    for (const name of readdirSync(h.dataDir).filter((file) => file.startsWith('hubget.db'))) {
      expect(readFileSync(join(h.dataDir, name)).includes(secret)).toBe(false);
    }
    // Survives a restart, and can be cleared.
    const again = h.restart();
    expect(again.getSettings().hfTokenSet).toBe(true);
    expect(again.updateSettings({ hfToken: null }).hfTokenSet).toBe(false);
    expect(existsSync(storedTokenFilePath(h.dataDir))).toBe(false);
  });

  it('persists settings across restarts', async () => {
    const h = harness();
    h.service.updateSettings({ maxParallel: 5, bandwidthLimit: 123, defaultDestination: 'local' });
    await h.service.shutdown();
    expect(h.restart().getSettings()).toMatchObject({
      maxParallel: 5,
      bandwidthLimit: 123,
      defaultDestination: 'local',
    });
  });
});
