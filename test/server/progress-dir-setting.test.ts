/** PUT /api/settings {progressDir}: held to a local dir's care, and hubget creates at most its last folder. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { JobView, Settings } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

it('refuses ".." and a missing parent, creates nothing, and writes progress files in a new last folder', async () => {
  harness = await startHarness();
  const { dir, server, hub } = harness;
  const before = (await harness.api<Settings>('GET', '/api/settings')).body.progressDir;

  for (const [progressDir, message] of [
    [
      `${dir}/models/../prog`,
      `progressDir: ${dir}/models/../prog has a ".." segment; enter the folder's path without it`,
    ],
    // The schema refuses these two first; the answer is still the sentence, not ajv's wording.
    ['relative/prog', 'progressDir: relative/prog is not an absolute path; enter one that starts with "/"'],
    ['', 'progressDir is empty: enter the absolute path of a folder, such as /var/lib/hubget/progress'],
    [join(dir, 'nonexist', 'deep'), /nonexist does not exist; hubget creates only the last folder/],
  ] as const) {
    const put = await harness.api<{ code: string; message: string }>('PUT', '/api/settings', { progressDir });
    expect(put.status, progressDir).toBe(400);
    expect(put.body.code).toBe('INVALID_ARGUMENT');
    if (typeof message === 'string') expect(put.body.message).toBe(message);
    else expect(put.body.message).toMatch(message);
  }
  // The stall timeout's refusals say its rule too (ajv would say "must be multiple of 1000").
  for (const stallTimeoutMs of [2500, 1000, 0]) {
    const put = await harness.api<{ message: string }>('PUT', '/api/settings', { stallTimeoutMs });
    expect(put.status, String(stallTimeoutMs)).toBe(400);
    expect(put.body.message).toBe(
      'stallTimeoutMs must be a whole number of seconds from 5 to 3600, given in milliseconds (30 s is 30000)',
    );
  }
  expect(existsSync(join(dir, 'nonexist'))).toBe(false);
  expect(existsSync(join(dir, 'prog'))).toBe(false);
  expect((await harness.api<Settings>('GET', '/api/settings')).body.progressDir).toBe(before);

  const progressDir = join(dir, 'progress');
  const put = await harness.api<Settings>('PUT', '/api/settings', { progressDir: `${progressDir}/` });
  expect(put.status).toBe(200);
  expect(put.body.progressDir).toBe(progressDir);

  await hub.addRepo({ repoId: 'org/slow', files: [{ path: 'w.bin', size: 512 * 1024 }] });
  hub.setFaults({ globalBytesPerSecond: 256 * 1024 });
  const sse = await connectSse(`${server.url}/api/events`);
  const created = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/slow' });
  const seen = new Set<string>();
  await sse.waitFor(() => {
    if (existsSync(progressDir)) for (const name of readdirSync(progressDir)) seen.add(name);
    return sse.jobEvents(created.body.id).some((job) => job.state === 'completed' || job.state === 'failed');
  });
  expect(sse.jobEvents(created.body.id).at(-1)?.state).toBe('completed');
  // A look at the folder may catch a write's temp sibling (`<name>.<8 hex>.tmp`, src/replace-file.ts) before
  // its rename: that is the progress file being written, not another file.
  const file = `download_${created.body.id}.json`;
  expect([...seen].filter((name) => !name.startsWith(`${file}.`) || !name.endsWith('.tmp'))).toEqual([file]);
  sse.close();
});
