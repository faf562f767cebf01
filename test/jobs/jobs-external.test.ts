/**
 * Downloads by other programs show up as external jobs (sized from the Hub listing), hubget's own temp
 * files never do, and external jobs cannot be controlled.
 */
import { createHash } from 'node:crypto';
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
  service.start();
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

it('names the repo of another program’s local-dir download from the folder it writes into', async () => {
  const root = join(dir, 'local-case');
  const modelsDir = join(root, 'models');
  // Python's local-dir temp name: {b64url(sha1("<name>.metadata"))}.{etag}.incomplete (docs/hub-disk-layout.md §3.12).
  const shortHash = createHash('sha1').update('model.bin.metadata').digest('base64url');
  const padded = shortHash.padEnd(Math.ceil(shortHash.length / 4) * 4, '=');
  put(
    join(modelsDir, 'my-flux', '.cache', 'huggingface', 'download', `${padded}.${SHA256_A}.incomplete`),
    2000,
  );
  mkdirSync(join(root, 'data'), { recursive: true });

  const service = await createJobService({
    store: openSqliteStore(join(root, 'data', 'hubget.db')),
    dataDir: join(root, 'data'),
    modelsDir,
    hubCacheDir: join(root, 'cache'),
    hubDefaults: { endpoint: hub.url },
    progressFiles: false,
    repoForLocalDir: (folder) =>
      folder === join(modelsDir, 'my-flux') ? { repoId: 'org/ext', repoType: 'model' } : null,
  });
  service.start();
  try {
    const deadline = Date.now() + 10_000;
    while (!service.list().some((job) => job.kind === 'external' && job.total > 0)) {
      if (Date.now() > deadline) throw new Error(`no sized external job: ${JSON.stringify(service.list())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(service.list().filter((job) => job.kind === 'external')).toMatchObject([
      { repoId: 'org/ext', downloaded: 2000, total: 300_000 },
    ]);
  } finally {
    await service.shutdown();
  }
});
