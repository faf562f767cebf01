/**
 * A half-done download of a file in the other layout (src/transfer/other-layout-partials.ts): a run into the HF
 * cache takes what huggingface_hub's local_dir download of the same file left in a local dir under the models
 * folder, and a local-dir run takes the HF cache's `blobs/<etag>.incomplete`, as a fetched prefix by the rules of
 * another program's partial download in its own place (no resume map, no holes, not written for 60 s, checked by
 * the file's hash); never one a live hubget run of that place claims.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localLocksDir, localTempPrefix } from '../../src/cache/local-dir-layout.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { claimOfTempPrefix } from '../../src/transfer/claims-folder.js';
import { RunClaims } from '../../src/transfer/download-claims.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { eventsOfType, requestFor, testOptions } from './download-fixtures.js';
import { blobsFolder, leavePartial, weightsBlobOf, weightsOf } from './partial-files.js';
import { ONE_STREAM, WEIGHTS, WEIGHTS_SIZE, weightsRepo } from './weights-repo.js';

const REPO = { repoId: 'org/other-layout', repoType: 'model' as const };
const PREFIX_BYTES = 250_000;

const fixture = weightsRepo(REPO.repoId, 'other-layout-partial');
const { dirs } = fixture;
const runs: RunClaims[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) await run.release();
});

const weightsBlob = () => weightsBlobOf(fixture);
const weights = () => weightsOf(fixture);
const blobsOf = (cacheDir: string) => blobsFolder(cacheDir, REPO);

const temps = async (folder: string) =>
  (await readdir(folder).catch(() => [] as string[])).filter((name) => name.includes('.incomplete'));

describe('a half-done download in the other layout', () => {
  it("into the cache: a local dir's partial file (huggingface_hub ≥ 1.18 attempt) is taken as fetched", async () => {
    const modelsDir = await dirs.make();
    const cacheDir = await dirs.make();
    const prefix = localTempPrefix(join(modelsDir, 'half'), WEIGHTS, weightsBlob());
    await leavePartial(`${prefix}.0badcafe.incomplete`, weights().subarray(0, PREFIX_BYTES));
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir, modelsDir }),
      testOptions(events, ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ resumedBytes: PREFIX_BYTES });
    expect(eventsOfType(events, 'file-start').find((event) => event.path === WEIGHTS)).toMatchObject({
      resumedBytes: PREFIX_BYTES,
    });
    // Moved, not copied: nothing of it is left in the local dir, nor a temp file in the cache.
    expect(await temps(dirname(prefix))).toEqual([]);
    expect(await temps(blobsOf(cacheDir))).toEqual([]);
  });

  it("into a local dir: the HF cache's blobs/<etag>.incomplete is taken as fetched", async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    await leavePartial(
      join(blobsOf(cacheDir), `${weightsBlob()}.incomplete`),
      weights().subarray(0, PREFIX_BYTES),
    );
    const events: TransferEvent[] = [];
    await downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES);
    expect((await readFile(join(localDir, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ resumedBytes: PREFIX_BYTES });
    expect(await temps(blobsOf(cacheDir))).toEqual([]);
    expect(await temps(dirname(localTempPrefix(localDir, WEIGHTS, weightsBlob())))).toEqual([]);
  });

  it('a prefix that is not the file fails the hash check, and the file is fetched again from zero', async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    await leavePartial(join(blobsOf(cacheDir), `${weightsBlob()}.incomplete`), Buffer.alloc(PREFIX_BYTES, 7));
    const events: TransferEvent[] = [];
    await downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect((await readFile(join(localDir, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'file-discarded')).toMatchObject([
      { path: WEIGHTS, discardedBytes: WEIGHTS_SIZE },
    ]);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES + WEIGHTS_SIZE);
  });

  it('a partial file a live hubget run of that place claims is left to it, and the file is fetched whole', async () => {
    const modelsDir = await dirs.make();
    const cacheDir = await dirs.make();
    const localDir = join(modelsDir, 'running');
    const prefix = localTempPrefix(localDir, WEIGHTS, weightsBlob());
    const partial = `${prefix}.0badcafe.incomplete`;
    await leavePartial(partial, weights().subarray(0, PREFIX_BYTES));
    // A local-dir run that claimed the file (about to take it over itself).
    const run = new RunClaims(localLocksDir(localDir));
    runs.push(run);
    await run.claim([claimOfTempPrefix(prefix)!.key], (key) => [key], new AbortController().signal);
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir, modelsDir }),
      testOptions([], ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect((await stat(partial)).size).toBe(PREFIX_BYTES);
  });

  it('a partial file written a moment ago is left to its program', async () => {
    const cacheDir = await dirs.make();
    const localDir = await dirs.make();
    const partial = join(blobsOf(cacheDir), `${weightsBlob()}.incomplete`);
    await leavePartial(partial, weights().subarray(0, PREFIX_BYTES), new Date());
    await downloadModel(requestFor(fixture.hub, REPO, { localDir, cacheDir }), testOptions([], ONE_STREAM));

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    expect((await stat(partial)).size).toBe(PREFIX_BYTES);
  });
});
