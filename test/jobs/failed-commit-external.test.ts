/**
 * A job that fetched and verified a GGUF quantization's files but could not put them in place (a plain file named
 * like the quantization's folder in the way) fails; the temp files it keeps are its own, never "another program's
 * download" in the web UI, nor after a later completed download into the same folder (QA: a fake external
 * download, stalled at "350.47 kB / 305.47 kB, 100%", for ever). Real engine and watcher, test hub.
 */
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

let hub: TestHub;
const engines = engineServices('failed-commit-external');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/quant',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'IQ4_XS/Tiny-00001-of-00002.gguf', size: 25_000 },
      { path: 'IQ4_XS/Tiny-00002-of-00002.gguf', size: 20_000 },
      { path: 'Tiny-Q8_0.gguf', size: 90_000 },
    ],
  });
});

afterAll(() => hub.close());
afterEach(() => engines.stopAll());

const externals = (jobs: JobView[]) => jobs.filter((job) => job.kind === 'external');

it("keeps a failed job's verified temp files as its own: no external download, before or after a later download", async () => {
  const service = await engines.start(hub.url, (dir) => {
    // The folder exists with its bookkeeping before the watcher's first look, so it is watched from the start.
    const folder = join(dir, 'models', 'quant');
    mkdirSync(join(folder, '.cache', 'huggingface'), { recursive: true });
    writeFileSync(join(folder, 'IQ4_XS'), 'a plain file, in the way of the IQ4_XS folder');
    return { progressFiles: false, tickIntervalMs: 100, watchExternal: true };
  });
  const folder = join(engines.dir, 'models', 'quant');
  const failed = (
    await service.create({ repoId: 'org/quant', localDir: 'quant', include: ['IQ4_XS/*', 'config.json'] })
  ).job;
  await waitFor(() => service.get(failed.id)!.state === 'failed', 'the job failed', 20_000);
  expect(service.get(failed.id)!.error).toMatchObject({ code: 'IO_ERROR' });
  const kept = readdirSync(join(folder, '.cache', 'huggingface', 'download', 'IQ4_XS'));
  expect(kept.filter((name) => name.endsWith('.incomplete'))).toHaveLength(2);

  // Another program's download elsewhere: once it shows, the watcher has scanned since the failure.
  const other = join(engines.dir, 'cache', 'models--org--other', 'blobs', `${'f'.repeat(64)}.incomplete`);
  mkdirSync(join(other, '..'), { recursive: true });
  writeFileSync(other, Buffer.alloc(1_000, 1));
  await waitFor(
    () => externals(service.list()).some((job) => job.repoId === 'org/other'),
    'the other download shown',
    20_000,
  );
  expect(externals(service.list()).map((job) => job.repoId)).toEqual(['org/other']);

  const later = (
    await service.create({ repoId: 'org/quant', localDir: 'quant', include: ['Tiny-Q8_0.gguf'] })
  ).job;
  await waitFor(() => service.get(later.id)!.state === 'completed', 'the later download completed', 20_000);
  appendFileSync(other, Buffer.alloc(1_000, 1));
  await waitFor(
    () => externals(service.list()).some((job) => job.repoId === 'org/other' && job.downloaded >= 2_000),
    'a scan after the later download',
    20_000,
  );
  expect(externals(service.list()).map((job) => job.repoId)).toEqual(['org/other']);

  // The obstacle gone, Retry puts the kept files in place and leaves no temp file.
  rmSync(join(folder, 'IQ4_XS'));
  await service.retry(failed.id);
  await waitFor(() => service.get(failed.id)!.state === 'completed', 'the retry completed', 20_000);
  const left = readdirSync(join(folder, '.cache', 'huggingface', 'download', 'IQ4_XS'));
  expect(left.filter((name) => name.endsWith('.incomplete'))).toEqual([]);
}, 60_000);
