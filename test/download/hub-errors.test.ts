/**
 * End to end, Hub-side trouble: unknown repo, gated repo without a token, a mirror without X-Linked-*
 * headers, dropped connections and 5xx answers. Clear error codes, nothing half-written at a final path.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanCacheDir } from '@huggingface/hub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isHubgetError } from '../../src/errors.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/flaky', repoType: 'model' as const };
const GATED = { repoId: 'org/gated', repoType: 'model' as const };
let hub: TestHub;
let repo: TestRepo;
const temp = tempDirs('huberr');

beforeAll(async () => {
  hub = await startTestHub();
  repo = await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'config.json', content: '{"y":2}' },
      { path: 'model.safetensors', size: 300_000 },
    ],
  });
  await hub.addRepo({ repoId: GATED.repoId, gated: true, files: [{ path: 'w.bin', size: 20_000 }] });
});
afterEach(() => hub.resetFaults());
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

const tempDir = temp.make;

async function expectContent(resultPath: string): Promise<void> {
  for (const file of repo.files) {
    expect((await readFile(join(resultPath, file.path))).equals(repo.contentOf(file.path))).toBe(true);
  }
}

describe('Hub errors', () => {
  it('an unknown repo fails with REPO_NOT_FOUND and writes nothing', async () => {
    const cacheDir = await tempDir();
    const error = await downloadModel(
      requestFor(hub, { repoId: 'org/nope', repoType: 'model' }, { cacheDir }),
      testOptions(),
    ).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'REPO_NOT_FOUND')).toBe(true);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('a gated repo without a token fails with GATED_REPO and leaves no file at a final path', async () => {
    const cacheDir = await tempDir();
    const events: TransferEvent[] = [];
    const request = { ...requestFor(hub, GATED, { cacheDir }), hub: { endpoint: hub.url } };
    const error = await downloadModel(request, testOptions(events)).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'GATED_REPO')).toBe(true);
    expect(eventsOfType(events, 'failed')[0]!.error.code).toBe('GATED_REPO');
    // No file at a final path, and what is there still scans cleanly (ref → existing snapshot folder).
    const snapshots = join(cacheDir, 'models--org--gated', 'snapshots');
    for (const commit of await readdir(snapshots)) expect(await readdir(join(snapshots, commit))).toEqual([]);
    expect((await scanCacheDir(cacheDir)).warnings).toEqual([]);
  });
});

describe('network trouble', () => {
  it('a mirror without X-Linked-* / Content-Length: sizes and blob ids come from the listing', async () => {
    hub.setFaults({ mirrorMode: true });
    const result = await downloadModel(requestFor(hub, REPO, { cacheDir: await tempDir() }), testOptions());
    await expectContent(result.resultPath);
  });

  it('dropped connections and 503s are retried to completion', async () => {
    hub.setFaults({
      dropAfterBytes: { bytes: 50_000, times: 2 },
      status: { status: 503, on: 'cdn', times: 1 },
    });
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(hub, REPO, { cacheDir: await tempDir() }),
      testOptions(events),
    );
    await expectContent(result.resultPath);
    expect(eventsOfType(events, 'retry').length).toBeGreaterThan(0);
  });
});
