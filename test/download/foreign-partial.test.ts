/**
 * Another program's partial download of a file (huggingface_hub ≤ 1.17's `blobs/<etag>.incomplete`, appended to
 * when it resumes; ≥ 1.18's `blobs/<etag>.<8 hex>.incomplete`, a killed attempt it never resumes): hubget takes its bytes as a fetched prefix when nobody writes it any more, checks them with the
 * rest by the file's hash, and leaves none of those temp files behind (src/transfer/foreign-partials.ts).
 */
import { mkdir, open, readdir, readFile, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTempPrefix } from '../../src/cache/local-dir-layout.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { eventsOfType, requestFor, testOptions } from './download-fixtures.js';
import { blobsFolder, LONG_AGO, leavePartial, weightsBlobOf, weightsOf } from './partial-files.js';
import { ONE_STREAM, WEIGHTS, WEIGHTS_SIZE, weightsRepo } from './weights-repo.js';

const REPO = { repoId: 'org/half-done', repoType: 'model' as const };
const PREFIX_BYTES = 250_000;

const fixture = weightsRepo(REPO.repoId, 'foreign-partial');
const { dirs } = fixture;

const weightsBlob = () => weightsBlobOf(fixture);
const weights = () => weightsOf(fixture);
const blobsOf = (cacheDir: string) => blobsFolder(cacheDir, REPO);

describe("another program's partial download", () => {
  it('cache: its bytes are taken as fetched, the rest is fetched, and it is gone afterwards', async () => {
    const cacheDir = await dirs.make();
    const blobs = blobsOf(cacheDir);
    await leavePartial(join(blobs, `${weightsBlob()}.incomplete`), weights().subarray(0, PREFIX_BYTES));
    // A dead attempt of huggingface_hub ≥ 1.18 (no resume map beside it): left behind for good, it goes too.
    await leavePartial(join(blobs, `${weightsBlob()}.0badcafe.incomplete`), weights().subarray(0, 1000));
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES);
    expect(result.downloadedBytes).toBe(WEIGHTS_SIZE - PREFIX_BYTES + 7);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ resumedBytes: PREFIX_BYTES });
    expect(eventsOfType(events, 'file-start').find((event) => event.path === WEIGHTS)).toMatchObject({
      resumedBytes: PREFIX_BYTES,
    });
    expect((await readdir(blobs)).filter((name) => name.includes('.incomplete'))).toEqual([]);
  });

  it('cache: a prefix that is not the file fails the hash check, and the file is fetched again from zero', async () => {
    const cacheDir = await dirs.make();
    const blobs = blobsOf(cacheDir);
    await leavePartial(join(blobs, `${weightsBlob()}.incomplete`), Buffer.alloc(PREFIX_BYTES, 7));
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'file-discarded')).toMatchObject([
      { path: WEIGHTS, discardedBytes: WEIGHTS_SIZE },
    ]);
    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES + WEIGHTS_SIZE);
    expect((await readdir(blobs)).filter((name) => name.includes('.incomplete'))).toEqual([]);
  });

  it('a partial download written a moment ago is left to its program, and the file is fetched whole', async () => {
    const cacheDir = await dirs.make();
    const partial = join(blobsOf(cacheDir), `${weightsBlob()}.incomplete`);
    await leavePartial(partial, weights().subarray(0, PREFIX_BYTES), new Date());
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions([], ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect((await stat(partial)).size).toBe(PREFIX_BYTES);
  });

  it('cache: the longest attempt huggingface_hub ≥ 1.18 left (no resume map beside it) is taken the same way', async () => {
    const cacheDir = await dirs.make();
    const blobs = blobsOf(cacheDir);
    // Two killed attempts, each written from 0: the longer one is resumed from, the shorter one deleted.
    await leavePartial(join(blobs, `${weightsBlob()}.1a2b3c4d.incomplete`), weights().subarray(0, 1000));
    await leavePartial(
      join(blobs, `${weightsBlob()}.5e6f7a8b.incomplete`),
      weights().subarray(0, PREFIX_BYTES),
    );
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ resumedBytes: PREFIX_BYTES });
    expect((await readdir(blobs)).filter((name) => name.includes('.incomplete'))).toEqual([]);
  });

  it('an attempt with holes (written at several offsets: no prefix) is not taken, and the file is fetched whole', async () => {
    const cacheDir = await dirs.make();
    const blobs = blobsOf(cacheDir);
    // As a run killed before its first resume map leaves one: its full length, bytes at its start and its end.
    const holed = join(blobs, `${weightsBlob()}.9c8d7e6f.incomplete`);
    await mkdir(blobs, { recursive: true });
    const handle = await open(holed, 'w');
    await handle.write(weights().subarray(0, 4096), 0, 4096, 0);
    await handle.write(weights().subarray(WEIGHTS_SIZE - 4096), 0, 4096, WEIGHTS_SIZE - 4096);
    await handle.close();
    await utimes(holed, LONG_AGO, LONG_AGO);
    const events: TransferEvent[] = [];
    const result = await downloadModel(
      requestFor(fixture.hub, REPO, { cacheDir }),
      testOptions(events, ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE);
    expect((await readFile(join(result.resultPath, WEIGHTS))).equals(weights())).toBe(true);
    // Not taken at all (taken, its holes would have failed the hash and cost the file once more).
    expect(eventsOfType(events, 'plan')[0]).toMatchObject({ resumedBytes: 0 });
    expect(eventsOfType(events, 'file-discarded')).toEqual([]);
  });

  it('local dir: the {X}.{etag}.incomplete of huggingface_hub 0.28–1.17 is taken the same way', async () => {
    const localDir = await dirs.make();
    const prefix = localTempPrefix(localDir, WEIGHTS, weightsBlob());
    await leavePartial(`${prefix}.incomplete`, weights().subarray(0, PREFIX_BYTES));
    await downloadModel(
      requestFor(fixture.hub, REPO, { localDir, cacheDir: await dirs.make() }),
      testOptions([], ONE_STREAM),
    );

    expect(fixture.hub.bytesServed(WEIGHTS)).toBe(WEIGHTS_SIZE - PREFIX_BYTES);
    expect((await readFile(join(localDir, WEIGHTS))).equals(weights())).toBe(true);
    expect((await readdir(dirname(prefix))).filter((name) => name.includes('.incomplete'))).toEqual([]);
  });
});
