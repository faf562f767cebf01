/**
 * MirrorServices for the tests that call the service directly: a second one over a harness mirror's cache and
 * data, as the server would build it after a restart without its upstream; one over a real jobs service; and
 * one request to a service.
 */
import { join } from 'node:path';
import { type DefaultJobService, WrittenRanges } from '../../src/jobs/index.js';
import {
  createJobFetcher,
  type MirrorReply,
  type MirrorRequest,
  MirrorService,
  type MirrorServiceOptions,
} from '../../src/mirror/index.js';
import { startEngineService } from '../support/jobs/engine-service.js';
import type { MirrorHarness } from './mirror-harness.js';

/** Upstream: a closed port on 127.0.0.1 (unreachable, never an outside address); fetches fail. */
export async function serviceOver(
  mirror: MirrorHarness,
  options: Partial<MirrorServiceOptions> = {},
): Promise<MirrorService> {
  const service = new MirrorService({
    hub: () => ({ endpoint: 'http://127.0.0.1:1' }),
    offline: false,
    cacheDir: mirror.cacheDir,
    visibilityPath: join(mirror.dir, 'data', 'mirror-repos.json'),
    listingsDir: join(mirror.dir, 'data', 'mirror-listings'),
    tagsDir: join(mirror.dir, 'data', 'mirror-tags'),
    fetcher: { fetch: () => Promise.reject(new Error('the upstream is gone')) },
    ...options,
  });
  await service.start();
  return service;
}

export function askService(
  service: MirrorService,
  pathname: string,
  request: Partial<MirrorRequest> = {},
): Promise<MirrorReply> {
  return service.handle({
    method: 'GET',
    pathname,
    query: '',
    client: 'test',
    baseUrl: 'http://mirror/hf',
    ...request,
  });
}

/**
 * A MirrorService over a real jobs service in `dir`, made if missing (its pulls are download jobs that tell their written
 * ranges and restarts through `writtenRanges`), with the resume-map poll set to an hour: what a client gets
 * while a pull runs comes from the jobs' announcements. Call `jobs.shutdown()` when done.
 */
export async function serviceOverJobs(
  dir: string,
  upstream: string,
): Promise<{
  mirror: MirrorService;
  jobs: DefaultJobService;
  writtenRanges: WrittenRanges;
  cacheDir: string;
}> {
  const cacheDir = join(dir, 'cache');
  const writtenRanges = new WrittenRanges();
  // The jobs service of the engine tests (its folders under `dir`), with the disk check a server makes.
  const jobs = await startEngineService(dir, upstream, { writtenRanges, skipDiskCheck: false });
  const mirror = new MirrorService({
    hub: () => ({ endpoint: upstream }),
    offline: false,
    cacheDir,
    visibilityPath: join(dir, 'mirror-repos.json'),
    listingsDir: join(dir, 'mirror-listings'),
    tagsDir: join(dir, 'mirror-tags'),
    fetcher: createJobFetcher({ jobs, writtenRanges }),
    pollMs: 3_600_000,
  });
  await mirror.start();
  return { mirror, jobs, writtenRanges, cacheDir };
}
