/**
 * A job of this server that downloads beside another program's download (its `.incomplete` in the same repo
 * folder, or in the same local dir) adds nothing to that program's external row: neither its files in progress
 * nor the ones it finished count as another program's bytes (docs/external-downloads.md, "How much is
 * downloaded"), while the other program's file shows all along, and grows. Real engine and watcher, paced test hub.
 */
import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { shortHashOfPath } from '../../src/cache/local-dir-layout.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

/** The etag of the file the other program fetches: none of the repo's, so the job never takes it over. */
const OTHER_ETAG = 'f'.repeat(64);

let hub: TestHub;
const engines = engineServices('own-files-not-external');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/beside',
    files: [
      { path: 'config.json', content: '{"a":1}' },
      { path: 'model-1.bin', size: 80_000 },
      { path: 'model-2.bin', size: 80_000 },
    ],
  });
});

afterAll(() => hub.close());
afterEach(async () => {
  hub.setFaults({});
  await engines.stopAll();
});

const externals = (jobs: JobView[]) => jobs.filter((job) => job.kind === 'external');

/**
 * Puts another program's temp file at `temp` (relative to the service's dir) before the watcher's first look, runs
 * a job of `org/beside` (`localDir`, or the cache) beside it to the end while that program writes on, 1,000 bytes at
 * a time, then lets it write once more. Returns every external row seen meanwhile, the last one, the size the
 * other program's file ends at, and how many lookups since it was first shown found no external row.
 */
async function downloadBeside(temp: string[], localDir?: string) {
  const service = await engines.start(hub.url, (dir) => {
    const path = join(dir, ...temp);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.alloc(1_000, 1));
    return { progressFiles: false, tickIntervalMs: 100, watchExternal: true };
  });
  const other = join(engines.dir, ...temp);
  let wroteAt = 0;
  const write = () => {
    if (Date.now() - wroteAt < 100) return;
    wroteAt = Date.now();
    appendFileSync(other, Buffer.alloc(1_000, 1));
  };
  const seen: JobView[] = [];
  /** Lookups that found no external row. */
  let missing = 0;
  const look = () => {
    const rows = externals(service.list());
    seen.push(...rows);
    if (rows.length === 0) missing += 1;
    return rows;
  };
  await waitFor(() => look().length > 0, "the other program's download shown", 20_000);
  missing = 0;

  // Slow enough for the watcher to scan while the job's files are in flight, and again as each one finishes.
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 20_000 } });
  const job = (await service.create({ repoId: 'org/beside', ...(localDir ? { localDir } : {}) })).job;
  // The other program writes on meanwhile: a file that grows in the job's folder is another program's.
  await waitFor(
    () => {
      write();
      look();
      return service.get(job.id)!.state === 'completed';
    },
    'the job completed',
    30_000,
  );
  wroteAt = 0;
  write();
  const size = statSync(other).size;
  await waitFor(
    () => look().some((row) => row.downloaded >= size),
    "a scan after the job and the other program's last write",
    20_000,
  );
  return { seen, last: look(), size, missing };
}

it("counts none of a cache job's files in the row of another program's download in its repo folder, shown all along", async () => {
  const { seen, last, size, missing } = await downloadBeside([
    'cache',
    'models--org--beside',
    'blobs',
    `${OTHER_ETAG}.incomplete`,
  ]);
  expect(last).toHaveLength(1);
  expect(last[0]).toMatchObject({ repoId: 'org/beside', downloaded: size });
  expect(Math.max(...seen.map((row) => row.downloaded))).toBe(size);
  // Shown all along: never hidden as the job's own once the job's folder held it.
  expect(missing).toBe(0);
}, 60_000);

it("counts none of a local-dir job's files in the row of another program's download in that dir, shown all along", async () => {
  const { seen, last, size, missing } = await downloadBeside(
    [
      'models',
      'beside',
      '.cache',
      'huggingface',
      'download',
      `${shortHashOfPath('other.bin')}.${OTHER_ETAG}.incomplete`,
    ],
    'beside',
  );
  expect(last).toHaveLength(1);
  expect(last[0]).toMatchObject({ localDir: join(engines.dir, 'models', 'beside'), downloaded: size });
  expect(Math.max(...seen.map((row) => row.downloaded))).toBe(size);
  // Shown all along: never hidden as the job's own once the job's folder held it.
  expect(missing).toBe(0);
}, 60_000);
