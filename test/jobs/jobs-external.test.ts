/**
 * Downloads by other programs show up as external jobs (sized from the Hub listing), hubget's own temp
 * files never do, and external jobs cannot be controlled.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import { createJobService } from '../../src/jobs/create-job-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';

const SHA256_A = 'a'.repeat(64);
const SHA256_B = 'b'.repeat(64);

let hub: TestHub;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/ext', files: [{ path: 'model.bin', size: 300_000 }] });
  dir = mkdtempSync(join(tmpdir(), 'hubget-jobs-external-'));
});

afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

function put(path: string, bytes: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes, 1));
}

it('lists other programs’ downloads as external running jobs, never hubget’s own temp files', async () => {
  const cache = join(dir, 'cache');
  put(join(cache, 'models--org--ext', 'blobs', `${SHA256_A}.0badc0de.incomplete`), 1000);
  // A hubget temp file: it has a resume-map sidecar.
  const own = join(cache, 'models--org--mine', 'blobs', `${SHA256_B}.deadbeef.incomplete`);
  put(own, 500);
  put(`${own}.hubget-ranges`, 10);
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'models'));

  const service = await createJobService({
    store: openSqliteStore(join(dir, 'data', 'hubget.db')),
    dataDir: join(dir, 'data'),
    modelsDir: join(dir, 'models'),
    hubCacheDir: cache,
    hubDefaults: { endpoint: hub.url },
    progressFiles: false,
  });
  try {
    const deadline = Date.now() + 10_000;
    while (!service.list().some((job) => job.kind === 'external' && job.total > 0)) {
      if (Date.now() > deadline) throw new Error(`no sized external job: ${JSON.stringify(service.list())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const external = service.list().filter((job) => job.kind === 'external');
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({
      kind: 'external',
      state: 'running',
      repoId: 'org/ext',
      downloaded: 1000,
      total: 300_000,
      error: null,
    });
    expect(service.get(external[0]!.id)).toMatchObject({ kind: 'external', repoId: 'org/ext' });
    let code = 'no error';
    try {
      await service.pause(external[0]!.id);
    } catch (error) {
      code = isHubgetError(error) ? error.code : String(error);
    }
    expect(code).toBe('NOT_SUPPORTED');
  } finally {
    await service.shutdown();
  }
});
