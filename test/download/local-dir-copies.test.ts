/**
 * A download into the HF cache copies what a finished local-dir download of the repo under the models folder
 * holds, verified, instead of fetching it (src/transfer/local-dir-copies.ts, docs/cache-layout.md, "Reuse of a
 * local dir"): nothing crosses the network; a file whose bytes changed under an intact record is caught by the
 * hash and fetched; a local dir Python made, or another repo's holding the same blob, is copied from too (by blob
 * id); without a models folder nothing is looked for.
 */
import { readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRepoLayout, snapshotDir } from '../../src/cache/cache-layout.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { eventsOfType, requestFor, testOptions } from './download-fixtures.js';
import { WEIGHTS, WEIGHTS_SIZE, weightsRepo } from './weights-repo.js';

const REPO = { repoId: 'org/local-first', repoType: 'model' as const };

const fixture = weightsRepo(REPO.repoId, 'local-dir-copies');
const { dirs, expectContent } = fixture;

/** A finished local-dir download of the repo at `modelsDir/name`. */
async function localDownload(modelsDir: string, name = 'local-first'): Promise<string> {
  const localDir = join(modelsDir, name);
  await downloadModel(
    requestFor(fixture.hub, REPO, { localDir, cacheDir: await dirs.make() }),
    testOptions([]),
  );
  fixture.hub.clearRequests();
  return localDir;
}

async function cacheDownload(modelsDir: string | undefined, events: TransferEvent[] = []) {
  const cacheDir = await dirs.make();
  const result = await downloadModel(
    requestFor(fixture.hub, REPO, { cacheDir, ...(modelsDir !== undefined && { modelsDir }) }),
    testOptions(events),
  );
  return { cacheDir, result, snapshot: snapshotDir(cacheRepoLayout(cacheDir, REPO), fixture.repo.commit) };
}

const servedBodies = () =>
  fixture.hub.requests.filter((entry) => entry.method === 'GET' && entry.bytesSent > 0);

describe('a download into the HF cache with a finished local-dir download of the repo', () => {
  it('copies its files, verified, and fetches none', async () => {
    const modelsDir = await dirs.make();
    const localDir = await localDownload(modelsDir);
    const events: TransferEvent[] = [];
    const { result, snapshot } = await cacheDownload(modelsDir, events);

    await expectContent(snapshot);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(0);
    expect(servedBodies().filter((entry) => entry.path.includes('/resolve/'))).toEqual([]);
    expect(result.downloadedBytes).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + 7);
    const [plan] = eventsOfType(events, 'plan');
    // The plan names the folder the copies come from (the CLI's plan line says it).
    const place = { from: 'local-dir', dir: localDir };
    expect(plan).toMatchObject({ filesCopied: 2, copiedFrom: [place], bytesToFetch: 0 });
    expect(eventsOfType(events, 'done')[0]).toMatchObject({ copiedFrom: [place], downloadedBytes: 0 });
    expect(
      eventsOfType(events, 'file-verified')
        .map((event) => event.path)
        .sort(),
    ).toEqual(['config.json', WEIGHTS]);
  });

  it('fetches a file whose bytes changed under an intact record (the hash catches it)', async () => {
    const modelsDir = await dirs.make();
    const localDir = await localDownload(modelsDir);
    // Same size, other bytes; its .metadata still names the blob (an edit that kept the mtime rule).
    const path = join(localDir, WEIGHTS);
    const bytes = await readFile(path);
    bytes[1234] = bytes[1234]! ^ 0xff;
    const { mtime } = await stat(path);
    await writeFile(path, bytes);
    await utimes(path, mtime, mtime);

    const { result, snapshot } = await cacheDownload(modelsDir);
    await expectContent(snapshot);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    expect(result.downloadedBytes).toBe(WEIGHTS_SIZE);
  });

  it('copies from a local dir Python made (no hubget marker): its records name the blob ids', async () => {
    const modelsDir = await dirs.make();
    const localDir = await localDownload(modelsDir);
    // What `hf download --local-dir` leaves: the same `.metadata` records, no hubget marker naming the repo.
    await rm(join(localDir, '.cache', 'huggingface', 'hubget.json'));
    const { result, snapshot } = await cacheDownload(modelsDir);
    await expectContent(snapshot);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE + 7);
  });

  it('copies a blob a local dir of another repo holds under another path; fetches what no dir holds', async () => {
    const modelsDir = await dirs.make();
    const localDir = await localDownload(modelsDir, 'a-fork');
    const bookkeeping = join(localDir, '.cache', 'huggingface');
    const marker = join(bookkeeping, 'hubget.json');
    const record = JSON.parse(await readFile(marker, 'utf8')) as { repoId: string };
    await writeFile(marker, JSON.stringify({ ...record, repoId: 'org/a-fork' }));
    // The fork keeps the weights under another name (file and record moved, mtime kept); its config is gone.
    const moved = 'fork-weights.bin';
    const { mtime } = await stat(join(localDir, WEIGHTS));
    await rename(join(localDir, WEIGHTS), join(localDir, moved));
    await utimes(join(localDir, moved), mtime, mtime);
    await rename(
      join(bookkeeping, 'download', `${WEIGHTS}.metadata`),
      join(bookkeeping, 'download', `${moved}.metadata`),
    );
    await rm(join(localDir, 'config.json'));

    const { result, snapshot } = await cacheDownload(modelsDir);
    await expectContent(snapshot);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(0);
    expect(result.copiedBytes).toBe(WEIGHTS_SIZE);
    expect(result.downloadedBytes).toBe(7);
  });

  it('takes nothing without a models folder', async () => {
    const modelsDir = await dirs.make();
    await localDownload(modelsDir);
    await cacheDownload(undefined);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
  });
});
