/** Shared set-up for the end-to-end download tests: a test hub, temp dirs, event capture. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { HubConfig, RepoRef } from '../../src/hub/types.js';
import type { TransferEvent } from '../../src/progress/events.js';
import type { DownloadModelOptions } from '../../src/transfer/download-model.js';
import type { DownloadRequest } from '../../src/transfer/types.js';
import type { TestHub } from '../hub/test-hub.js';

export async function makeTempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `hubget-${label}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Temp dirs made on demand under one label, all removed by `removeAll` (call it in afterAll). */
export function tempDirs(label: string): { make: () => Promise<string>; removeAll: () => Promise<void> } {
  const dirs: string[] = [];
  return {
    make: async () => {
      const dir = await makeTempDir(label);
      dirs.push(dir);
      return dir;
    },
    removeAll: async () => {
      for (const dir of dirs.splice(0)) await removeDir(dir);
    },
  };
}

export function hubConfigOf(hub: TestHub): HubConfig {
  return { endpoint: hub.url, token: hub.token };
}

export function requestFor(
  hub: TestHub,
  repo: RepoRef,
  extra: Partial<DownloadRequest> = {},
): DownloadRequest {
  return { repo, hub: hubConfigOf(hub), ...extra };
}

/** Fast retries and small segments so tests stay quick; all events collected. */
export function testOptions(
  events: TransferEvent[] = [],
  extra: DownloadModelOptions = {},
): DownloadModelOptions {
  return {
    progressIntervalMs: 100,
    skipDiskCheck: false,
    onEvent: (event) => events.push(event),
    transfer: {
      retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
      tuning: { minSegmentBytes: 16 * 1024, resumeMapIntervalMs: 50 },
    },
    hubCall: { retry: { baseDelayMs: 10, maxDelayMs: 50, maxConsecutiveFailures: 3 } },
    ...extra,
  };
}

/** Every entry under `root` (files, links, dirs), relative, sorted. */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.map((entry) => relative(root, join(entry.parentPath, entry.name))).sort();
}

export function eventsOfType<T extends TransferEvent['type']>(
  events: TransferEvent[],
  type: T,
): Extract<TransferEvent, { type: T }>[] {
  return events.filter((event): event is Extract<TransferEvent, { type: T }> => event.type === type);
}

/** Requests that transfer file content (resolve HEAD/GET, resolve-cache, CDN), not API listings. */
export function fileRequests(hub: TestHub) {
  return hub.requests.filter((entry) => entry.host === 'cdn' || entry.path.includes('/resolve'));
}
