/**
 * Two tiers: a rack mirror whose upstream is a site mirror whose upstream is the hub. A client of the rack
 * mirror gets the same cache as from the hub, the hub serves the repo once, and a second rack mirror on
 * the same site costs the hub nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotDownload } from '@huggingface/hub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestRepo } from '../hub/test-hub.js';
import { cacheListing, type MirrorHarness, startMirror } from './mirror-harness.js';

let site: MirrorHarness;
let racks: MirrorHarness[] = [];
let repo: TestRepo;
let work: string;

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  site = await startMirror();
  repo = await site.hub.addRepo({
    repoId: 'org/tiered',
    files: [
      { path: 'config.json', content: '{"tier":2}' },
      { path: 'model.safetensors', size: 3_000_000 },
    ],
  });
  racks = [
    await startMirror({ hub: site.hub, upstream: site.mirrorUrl }),
    await startMirror({ hub: site.hub, upstream: site.mirrorUrl }),
  ];
  work = await mkdtemp(join(tmpdir(), 'hubget-mirror-tiers-'));
}, 60_000);

afterAll(async () => {
  for (const rack of racks) await rack.close();
  await site?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a mirror as another mirror’s upstream', () => {
  it('serves through two tiers with the hub paying once', async () => {
    const bytes = repo.files.reduce((sum, file) => sum + file.size, 0);
    for (const [i, rack] of racks.entries()) {
      await snapshotDownload({
        repo: 'org/tiered',
        hubUrl: rack.mirrorUrl,
        cacheDir: join(work, `rack-${i}`),
      });
    }
    await snapshotDownload({ repo: 'org/tiered', hubUrl: site.hub.url, cacheDir: join(work, 'direct') });
    const reference = await cacheListing(join(work, 'direct'));
    expect(await cacheListing(join(work, 'rack-0'))).toEqual(reference);
    expect(await cacheListing(join(work, 'rack-1'))).toEqual(reference);
    // The site mirror fetched once; the direct reference download adds one more copy.
    expect(site.hub.bytesServed()).toBeLessThanOrEqual(2.1 * bytes);
    expect(site.server.jobs.list().every((job) => job.state === 'completed')).toBe(true);
  }, 90_000);
});
