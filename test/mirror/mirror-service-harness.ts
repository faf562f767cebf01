/**
 * A second MirrorService over a harness mirror's cache and data, as the server would build it after a
 * restart without its upstream, and one request to it: for the offline tests that call the service directly.
 */
import { join } from 'node:path';
import {
  type MirrorReply,
  type MirrorRequest,
  MirrorService,
  type MirrorServiceOptions,
} from '../../src/mirror/index.js';
import type { MirrorHarness } from './mirror-harness.js';

/** Upstream: a closed port on 127.0.0.1 (unreachable, never an outside address); fetches fail. */
export async function serviceOver(
  mirror: MirrorHarness,
  options: Partial<MirrorServiceOptions> = {},
): Promise<MirrorService> {
  const service = new MirrorService({
    upstreamEndpoint: 'http://127.0.0.1:1',
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
