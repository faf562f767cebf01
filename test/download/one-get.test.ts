/**
 * The one-GET path (docs/transfer-engine.md, "One GET per file"): no HEAD per file; the first ranged GET
 * on `/resolve/` follows the 307 (regular file → resolve cache) or 302 (LFS → CDN on another host), and
 * the other ranges of a large file go straight to that final URL. What arrives is still checked against
 * the listing's size and hash.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/one-get', repoType: 'model' as const };
let hub: TestHub;
let repo: TestRepo;
const temp = tempDirs('one-get');

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"layers":2}' },
      { path: 'tokenizer/vocab.txt', content: 'hello world\n'.repeat(3000), lfs: false },
      { path: 'model.safetensors', size: 600_000, lfs: true },
    ],
  });
});

afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

const cacheDir = temp.make;

const resolvesOf = (path: string) =>
  hub.requests.filter(
    (entry) => entry.host === 'hub' && entry.path.includes('/resolve/') && entry.file === path,
  );

describe('one GET on /resolve/ per file', () => {
  it('regular files via 307 to the resolve cache, LFS via 302 to the CDN, no HEAD, ranges at the final URL', async () => {
    hub.resetFaults();
    hub.clearRequests();
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir: await cacheDir() }),
      testOptions([], {
        connectionsPerFile: 4,
        transfer: { tuning: { minSegmentBytes: 64 * 1024, maxSegmentBytes: 128 * 1024 } },
      }),
    );
    for (const file of repo.files) {
      const content = await readFile(join(result.resultPath, file.path));
      expect(content.equals(repo.contentOf(file.path))).toBe(true);
    }
    expect(hub.requests.filter((entry) => entry.method === 'HEAD')).toEqual([]);
    // Regular files: GET /resolve/ → 307 (relative) → GET on the resolve cache, same host.
    for (const path of ['config.json', 'tokenizer/vocab.txt']) {
      const requests = resolvesOf(path);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.status).toBe(307);
      const cached = hub.requests.filter(
        (entry) => entry.file === path && entry.path.startsWith('/api/resolve-cache/'),
      );
      expect(cached.length).toBeGreaterThan(0);
      expect(cached.every((entry) => entry.method === 'GET')).toBe(true);
    }
    // LFS: one GET /resolve/ → 302 to the CDN; every other range of the file goes to the CDN directly.
    const lfsResolves = resolvesOf('model.safetensors');
    expect(lfsResolves).toHaveLength(1);
    expect(lfsResolves[0]?.status).toBe(302);
    const cdn = hub.requests.filter((entry) => entry.host === 'cdn' && entry.file === 'model.safetensors');
    expect(cdn.length).toBeGreaterThan(1);
    // The token never reaches the CDN.
    expect(cdn.every((entry) => !entry.authorization)).toBe(true);
  });

  it('still catches content that does not match the listing hash (fetched once more, then reported)', async () => {
    hub.resetFaults();
    hub.clearRequests();
    hub.setFaults({ corrupt: { path: 'tokenizer/vocab.txt' } });
    const events: TransferEvent[] = [];
    const error = await downloadModel(
      requestFor(hub, REPO, { cacheDir: await cacheDir(), filenames: ['tokenizer/vocab.txt'] }),
      testOptions(events),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'INTEGRITY_MISMATCH')).toBe(true);
    expect(eventsOfType(events, 'file-verified')).toEqual([]);
    // Two attempts, each a single GET on /resolve/ (no HEAD that could have caught it earlier).
    expect(resolvesOf('tokenizer/vocab.txt')).toHaveLength(2);
  });

  it('a corrupted first attempt is fetched again and verified', async () => {
    hub.resetFaults();
    hub.setFaults({ corrupt: { path: 'model.safetensors', times: 1 } });
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir: await cacheDir(), filenames: ['model.safetensors'] }),
      testOptions(events),
    );
    const content = await readFile(result.resultPath);
    expect(content.equals(repo.contentOf('model.safetensors'))).toBe(true);
    expect(eventsOfType(events, 'file-verified')).toHaveLength(1);
  });
});
