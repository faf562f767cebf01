/**
 * A jobs service with the real engine (createJobService) against a test hub, its folders under one dir:
 * data/ (the store), models/ and cache/. No external watcher and no disk check unless `options` say so.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CreateJobServiceOptions, createJobService } from '../../../src/jobs/create-job-service.js';
import type { DefaultJobService } from '../../../src/jobs/job-service.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

type EngineOptions = Partial<CreateJobServiceOptions>;

/**
 * The service over `dir` (its data/, models/ and any `options.progressDir` made), started; `options` add to or
 * override the defaults.
 */
export async function startEngineService(
  dir: string,
  endpoint: string,
  options: EngineOptions = {},
): Promise<DefaultJobService> {
  const folders = [
    join(dir, 'data'),
    join(dir, 'models'),
    ...(options.progressDir ? [options.progressDir] : []),
  ];
  for (const folder of folders) mkdirSync(folder, { recursive: true });
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

/** The engine services one test starts, over one temp dir; `stopAll` (in afterEach) ends them all. */
export interface EngineServices {
  /** The dir of the services started last (throws before the first start). */
  readonly dir: string;
  /** Starts a service over a new temp dir, or over `existingDir` (a restart); `options` may be made from the dir. */
  start(
    endpoint: string,
    options?: EngineOptions | ((dir: string) => EngineOptions),
    existingDir?: string,
  ): Promise<DefaultJobService>;
  /** Shuts every started service down and removes the dirs it made. */
  stopAll(): Promise<void>;
}

export function engineServices(label: string): EngineServices {
  let dir: string | undefined;
  const services: DefaultJobService[] = [];
  /** Every dir a start made (a test may start several services without reusing one). */
  const madeDirs: string[] = [];
  return {
    get dir() {
      if (dir === undefined) throw new Error('no engine service started yet');
      return dir;
    },
    async start(endpoint, options = {}, existingDir) {
      const serviceDir = existingDir ?? mkdtempSync(join(tmpdir(), `hubget-${label}-`));
      if (existingDir === undefined) madeDirs.push(serviceDir);
      dir = serviceDir;
      const service = await startEngineService(
        serviceDir,
        endpoint,
        typeof options === 'function' ? options(serviceDir) : options,
      );
      services.push(service);
      return service;
    },
    async stopAll() {
      for (const service of services.splice(0)) await service.shutdown().catch(() => {});
      for (const made of madeDirs.splice(0)) rmSync(made, { recursive: true, force: true });
      dir = undefined;
    },
  };
}
