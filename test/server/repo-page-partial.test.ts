/**
 * GET /api/hub/repos while a download of the repo into the HF cache is paused part-way: each file says what of it
 * the paused job's temp file holds (`partialBytes`), so the model page's "to fetch" leaves it out, as the preview's
 * `bytesToFetch` does (one rule: the plan's `partialBytesOf`), and the preview names them per file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { JobFileView, JobView, PreviewResponse, RepoPageResponse } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

const MiB = 1024 * 1024;
let h: Harness | undefined;
afterAll(() => h?.cleanup());

describe('GET /api/hub/repos: a paused download’s partial bytes', () => {
  it('are on the page per file, and the bytes to fetch are the preview’s', async () => {
    h = await startHarness();
    await h.hub.addRepo({
      repoId: 'org/big',
      files: [
        { path: 'config.json', content: '{"a":1}' },
        { path: 'weights.bin', size: 4 * MiB },
      ],
    });
    h.hub.setFaults({ globalBytesPerSecond: 2 * MiB });
    const sse = await connectSse(`${h.server.url}/api/events`);
    const { body: job } = await h.api<JobView>('POST', '/api/downloads', { repoId: 'org/big' });
    await sse.waitFor(() => sse.jobEvents(job.id).some((view) => view.downloaded >= MiB));
    expect((await h.api<JobView>('POST', `/api/downloads/${job.id}/pause`)).body.state).toBe('paused');
    sse.close();
    h.hub.setFaults({ globalBytesPerSecond: undefined });

    const files = (await h.api<JobFileView[]>('GET', `/api/downloads/${job.id}/files`)).body;
    const weights = files.find((file) => file.path === 'weights.bin')!;
    expect(weights.state).toBe('pending');
    expect(weights.downloaded).toBeGreaterThan(0);
    expect(weights.downloaded).toBeLessThan(4 * MiB);

    const page = await h.api<RepoPageResponse>('GET', '/api/hub/repos/model/org/big');
    expect(page.status, page.text).toBe(200);
    const partial = page.body.files.find((file) => file.path === 'weights.bin')!;
    expect(partial).toMatchObject({ onDisk: false, partialBytes: weights.downloaded });
    const config = page.body.files.find((file) => file.path === 'config.json')!;
    expect(config.partialBytes).toBe(0);

    const preview = await h.api<PreviewResponse>('POST', '/api/downloads/preview', { repoId: 'org/big' });
    const toFetch = page.body.files.reduce(
      (sum, file) => sum + (file.onDisk ? 0 : file.size - file.partialBytes),
      0,
    );
    expect(toFetch).toBe(preview.body.bytesToFetch);
    expect(toFetch).toBe(4 * MiB - weights.downloaded);
    // Per file too: what the model page's Folder destination weighs its disk hint by (destination-holds.ts).
    expect(preview.body.files.find((file) => file.path === 'weights.bin')?.partialBytes).toBe(
      weights.downloaded,
    );
    expect(preview.body.files.find((file) => file.path === 'config.json')?.partialBytes).toBe(0);
  });
});
