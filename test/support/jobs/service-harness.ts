/** Builds a jobs service over a real SQLite file in a temp dir and the fake runner, for the jobs tests. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubgetError } from '../../../src/errors.js';
import { parseRepoRef } from '../../../src/hub/index.js';
import { DefaultJobService } from '../../../src/jobs/job-service.js';
import type { JobServiceOptions } from '../../../src/jobs/job-service-options.js';
import type { JobServiceEvent } from '../../../src/jobs/types.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { FakeJobRunner } from './fake-job-runner.js';

export interface Harness {
  dir: string;
  dataDir: string;
  modelsDir: string;
  progressDir: string;
  dbPath: string;
  runner: FakeJobRunner;
  service: DefaultJobService;
  events: JobServiceEvent[];
  /** A new service on the same database and runner (after a crash or a shutdown). */
  restart(overrides?: Partial<JobServiceOptions>): DefaultJobService;
  cleanup(): Promise<void>;
}

/** Options for the service; a function gets the harness's folders (to point an external watcher at them). */
export type HarnessOverrides =
  | Partial<JobServiceOptions>
  | ((folders: { dir: string; modelsDir: string; hubCacheDir: string }) => Partial<JobServiceOptions>);

export function createHarness(options: HarnessOverrides = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'hubget-jobs-'));
  const dataDir = join(dir, 'data');
  const modelsDir = join(dir, 'models');
  const overrides =
    typeof options === 'function' ? options({ dir, modelsDir, hubCacheDir: join(dir, 'cache') }) : options;
  const progressDir = join(dir, 'progress');
  for (const folder of [dataDir, modelsDir, progressDir]) mkdirSync(folder);
  const dbPath = join(dataDir, 'hubget.db');
  const runner = new FakeJobRunner(dir);
  const services: DefaultJobService[] = [];
  const events: JobServiceEvent[] = [];
  const build = (more: Partial<JobServiceOptions> = {}) => {
    const service = new DefaultJobService({
      store: openSqliteStore(dbPath),
      dataDir,
      modelsDir,
      hubCacheDir: join(dir, 'cache'),
      hubDefaults: { endpoint: 'http://127.0.0.1:9' },
      runner,
      parseRepoRef,
      progressDir,
      tickIntervalMs: 50,
      ...overrides,
      ...more,
    });
    services.push(service);
    service.start();
    return service;
  };
  const service = build();
  service.subscribe((event) => events.push(event));
  return {
    dir,
    dataDir,
    modelsDir,
    progressDir,
    dbPath,
    runner,
    service,
    events,
    restart: build,
    async cleanup() {
      for (const active of runner.active.values()) active.fail(new HubgetError('ABORTED', 'test over'));
      for (const each of services) await each.shutdown().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(check: () => boolean, what = 'condition', timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
