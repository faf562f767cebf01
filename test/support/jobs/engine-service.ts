/**
 * A jobs service with the real engine (createJobService) against a test hub, its folders under one dir:
 * data/ (the store), models/ and cache/. No external watcher and no disk check unless `options` say so.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CreateJobServiceOptions, createJobService } from '../../../src/jobs/create-job-service.js';
import type { DefaultJobService } from '../../../src/jobs/job-service.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

/** The service over `dir` (its data/ and models/ made), started; `options` add to or override the defaults. */
export async function startEngineService(
  dir: string,
  endpoint: string,
  options: Partial<CreateJobServiceOptions> = {},
): Promise<DefaultJobService> {
  for (const folder of ['data', 'models']) mkdirSync(join(dir, folder), { recursive: true });
  const service = await createJobService({
    store: openSqliteStore(join(dir, 'data', 'hubget.db')),
    dataDir: join(dir, 'data'),
    modelsDir: join(dir, 'models'),
    hubCacheDir: join(dir, 'cache'),
    hubDefaults: { endpoint },
    watchExternal: false,
    skipDiskCheck: true,
    ...options,
  });
  service.start();
  return service;
}
