/**
 * The Model Manager's status over the real server (docs/api.md, model status): "installed" only when nothing
 * shows a file missing, "partial" when hubget's latest plan of the model is not all on disk or unfinished temp
 * files lie beside it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../src/api-types.js';
import { HUB_CHECK_DEADLINE_MS } from '../../src/jobs/download-check.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const MiB = 1024 * 1024;

async function modelEntry(key: string): Promise<ModelListEntry | undefined> {
  const models = await harness!.api<ModelListEntry[]>('GET', '/api/models');
  return models.body.find((entry) => entry.key === key);
}

describe('model status over the real server', () => {
  it('shows a running download as downloading and a cancelled one as partial, never installed', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo({
      repoId: 'org/medium',
      files: [
        { path: 'config.json', content: '{"model_type":"test"}\n' },
        { path: 'model-00001.bin', size: 2 * MiB },
        { path: 'model-00002.bin', size: 2 * MiB },
      ],
    });
    hub.setFaults({ globalBytesPerSecond: 1 * MiB });
    const sse = await connectSse(`${server.url}/api/events`);
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/medium' });
    // config.json is in the snapshot, the weights are on their way.
    await sse.waitFor(() =>
      sse.jobEvents(job.id).some((event) => event.filesDone >= 1 && event.downloaded > MiB / 2),
    );
    const key = 'cache:model/org/medium';
    expect(await modelEntry(key)).toMatchObject({ status: 'downloading', installed: { files: 1 } });

    expect((await harness.api<JobView>('POST', `/api/downloads/${job.id}/cancel`)).body.state).toBe(
      'cancelled',
    );
    const cancelled = await modelEntry(key);
    expect(cancelled?.status).toBe('partial');
    expect(cancelled?.installed?.plan).toMatchObject({ jobId: job.id, files: 3, bytes: 4 * MiB + 22 });
    expect(cancelled?.installed?.plan?.missingFiles).toBeGreaterThanOrEqual(1);
    expect(cancelled!.installed!.files + cancelled!.installed!.plan!.missingFiles).toBe(3);

    // Retried to the end: installed, the same plan all on disk.
    hub.setFaults({ globalBytesPerSecond: undefined });
    await harness.api('POST', `/api/downloads/${job.id}/retry`);
    await sse.waitFor(() => sse.jobEvents(job.id).some((event) => event.state === 'completed'));
    const done = await modelEntry(key);
    expect(done?.status).toBe('installed');
    expect(done?.installed).toMatchObject({ files: 3, unfinishedFiles: 0, plan: { missingFiles: 0 } });
    sse.close();
  });

  it('keeps an installed model installed when a later download of it fails (no file matches, the Hub not checked)', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo({
      repoId: 'org/small',
      files: [
        { path: 'config.json', content: '{}' },
        { path: 'model.bin', size: 1000 },
      ],
    });
    const sse = await connectSse(`${server.url}/api/events`);
    const { body: first } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/small' });
    await sse.waitFor(() => sse.jobEvents(first.id).some((event) => event.state === 'completed'));
    // The Hub answers the POST's check too late (HUB_CHECK_DEADLINE_MS), so the download is queued unchecked
    // and its job finds that the patterns leave no file (a checked POST refuses them without a job).
    hub.setFaults({ latency: { ms: HUB_CHECK_DEADLINE_MS + 500, times: 1 } });
    const { body: nomatch } = await harness.api<JobView>('POST', '/api/downloads', {
      repoId: 'org/small',
      include: ['*.nomatch'],
    });
    await sse.waitFor(() => sse.jobEvents(nomatch.id).some((event) => event.state === 'failed'));
    sse.close();
    // The failed attempt is the latest job (the downloads history shows it), the model stays installed.
    expect(await modelEntry('cache:model/org/small')).toMatchObject({
      status: 'installed',
      job: { id: nomatch.id, state: 'failed' },
      installed: { files: 2, plan: { jobId: first.id, missingFiles: 0 } },
    });
  });

  it('shows a repo another program left unfinished (no listing, a temp file in blobs/) as partial', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo({
      repoId: 'org/other',
      files: [
        { path: 'config.json', content: '{}' },
        { path: 'model.bin', size: 1000 },
      ],
    });
    const sse = await connectSse(`${server.url}/api/events`);
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/other' });
    await sse.waitFor(() => sse.jobEvents(job.id).some((event) => event.state === 'completed'));
    sse.close();
    // Without the job, nothing lists what the repo should hold: what is on disk is all there is to go by.
    await harness.api('DELETE', `/api/downloads/${job.id}`);
    const key = 'cache:model/org/other';
    expect(await modelEntry(key)).toMatchObject({
      status: 'installed',
      job: null,
      installed: { plan: null },
    });
    // An interrupted download of another program (huggingface_hub <= 1.17 names its temp files so).
    const blobs = join(harness.config.hubCacheDir, 'models--org--other', 'blobs');
    await writeFile(join(blobs, `${'e'.repeat(64)}.incomplete`), 'partial bytes');
    expect(await modelEntry(key)).toMatchObject({ status: 'partial', installed: { unfinishedFiles: 1 } });
  });
});
