/**
 * The server's verifications (model-verifications.ts): progress published while a model is hashed, at most once per
 * interval, then its end with the answer; one run per model, which a second request joins (the same answer, the files
 * read once); a `repair` that joins a plain run repairs from its verdicts, once for every such request.
 */
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeJobService } from '../../test/server/fake-services.js';
import { flipByte } from '../../test/support/cache/flip-byte.js';
import { writeHashedRepo } from '../../test/support/cache/hub-cache-tree.js';
import type { VerificationProgress } from '../api-verify-types.js';
import { VERIFY_FINDINGS_KEPT_MS } from '../defaults.js';
import { verifyItems } from '../transfer/verify-installed.js';
import { ModelVerifications, type ModelVerificationsOptions } from './model-verifications.js';

const REPO = { repoType: 'model' as const, repoId: 'org/big' };
const FILES = { 'config.json': '{"v":1}', 'a.safetensors': 3_000_000, 'b.safetensors': 2_000_000 };
const HASHED = 5_000_007;

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A cache holding org/big, the verifications over it, and every event they publish. */
async function setUp(options: Partial<ModelVerificationsOptions> = {}) {
  dir = await mkdtemp(join(tmpdir(), 'hubget-verifications-'));
  const cacheDir = join(dir, 'cache');
  const repoDir = writeHashedRepo(cacheDir, REPO.repoId, FILES);
  const jobs = new FakeJobService();
  const verifications = new ModelVerifications({
    jobs,
    modelsDir: join(dir, 'models'),
    hubCacheDir: cacheDir,
    progressIntervalMs: 0,
    ...options,
  });
  const events: VerificationProgress[] = [];
  verifications.subscribe((progress) => events.push(progress));
  return { verifications, events, jobs, repoDir };
}

/** A hashing that waits for `release()` before it reads anything, and counts its runs. */
function heldHash() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = {
    runs: 0,
    release,
    hash: (async (items, options) => {
      held.runs += 1;
      await gate;
      return verifyItems(items, options);
    }) satisfies typeof verifyItems,
  };
  return held;
}

/** The hashing, counting its runs. */
function countedHash() {
  const counted = {
    runs: 0,
    hash: (async (items, options) => {
      counted.runs += 1;
      return verifyItems(items, options);
    }) satisfies typeof verifyItems,
  };
  return counted;
}

/** Org/big verified, and its run ended: a repair asked before its end joins the run instead. */
async function verifiedToTheEnd(verifications: ModelVerifications, events: VerificationProgress[]) {
  const answer = await verifications.verify(REPO, false);
  await vi.waitUntil(() => events.some((event) => event.id === answer.id && event.state === 'done'));
  return answer;
}

/** Flips a byte of b.safetensors' blob (2 MB); its name. */
async function corruptBlobOf(repoDir: string): Promise<string> {
  const blobs = join(repoDir, 'blobs');
  for (const blob of await readdir(blobs)) {
    if ((await stat(join(blobs, blob))).size === 2_000_000) {
      await flipByte(join(blobs, blob), 1234);
      return blob;
    }
  }
  throw new Error('no 2 MB blob');
}

describe('ModelVerifications', () => {
  it('publishes the bytes and files hashed as it goes, then its end with the answer', async () => {
    const { verifications, events } = await setUp();
    const answer = await verifications.verify(REPO, false);
    expect(answer).toMatchObject({ intact: true, files: 3, bytes: HASHED, problems: [], jobs: [] });
    const running = events.filter((event) => event.state === 'running');
    expect(running[0]).toMatchObject({
      key: 'cache:model/org/big',
      model: REPO,
      hashedBytes: 0,
      totalBytes: HASHED,
      doneFiles: 0,
      totalFiles: 3,
      result: null,
    });
    // Read in chunks: progress between the start and the end, never backwards, all one run.
    expect(running.some((event) => event.hashedBytes > 0 && event.hashedBytes < HASHED)).toBe(true);
    for (const [index, event] of running.entries()) {
      expect(event.hashedBytes).toBeGreaterThanOrEqual(running[index - 1]?.hashedBytes ?? 0);
      expect(event.doneFiles).toBeLessThanOrEqual(3);
      expect(event.id).toBe(running[0]!.id);
    }
    expect(events.at(-1)).toMatchObject({
      id: running[0]!.id,
      state: 'done',
      hashedBytes: HASHED,
      doneFiles: 3,
      result: answer,
      error: null,
    });
    expect(verifications.running()).toEqual([]);
  });

  it('publishes at most once per interval while hashing, and its end', async () => {
    // A clock that stands still: no interval ever passes after the first event.
    const { verifications, events } = await setUp({ progressIntervalMs: 250, now: () => 1_000 });
    await verifications.verify(REPO, false);
    expect(events.map((event) => [event.state, event.hashedBytes])).toEqual([
      ['running', 0],
      ['done', HASHED],
    ]);
  });

  it('tells how long it has read nothing, at least every heartbeat while nothing is read', async () => {
    const held = heldHash();
    let clock = 1_000;
    const { verifications, events } = await setUp({ hash: held.hash, now: () => clock, heartbeatMs: 10 });
    const answer = verifications.verify(REPO, false);
    await vi.waitFor(() => expect(verifications.running()).toHaveLength(1));
    // The disk answers nothing for 12 s: the heartbeat tells it, where the run fell silent after its first event.
    clock += 12_000;
    await vi.waitFor(() =>
      expect(events.at(-1)).toMatchObject({ state: 'running', hashedBytes: 0, quietMs: 12_000 }),
    );
    held.release();
    await answer;
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ state: 'done', quietMs: 0 }));
  });

  it('a second request of a model being verified joins it: one hashing, the same answer', async () => {
    const held = heldHash();
    const { verifications, events } = await setUp({ hash: held.hash });
    const first = verifications.verify(REPO, false);
    const second = verifications.verify(REPO, false);
    // The place is found and the run told before its hashing starts (held here).
    await vi.waitFor(() => expect(verifications.running()).toHaveLength(1));
    held.release();
    const [one, two] = await Promise.all([first, second]);
    expect(two).toEqual(one);
    expect(one.intact).toBe(true);
    expect(held.runs).toBe(1);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
    // Once it ended, the next request hashes again.
    await verifications.verify(REPO, false);
    expect(held.runs).toBe(2);
  });

  it('a repair that joins a plain run repairs from its verdicts, once, and a plain request after it gets the repair', async () => {
    const held = heldHash();
    const { verifications, events, jobs, repoDir } = await setUp({ hash: held.hash });
    const blobs = join(repoDir, 'blobs');
    let corrupt = '';
    for (const blob of await readdir(blobs)) {
      if ((await stat(join(blobs, blob))).size === 2_000_000) {
        corrupt = blob;
        await flipByte(join(blobs, blob), 1234);
      }
    }
    const plain = verifications.verify(REPO, false);
    const repair = verifications.verify(REPO, true);
    const again = verifications.verify(REPO, true);
    const late = verifications.verify(REPO, false);
    held.release();
    const [found, repaired, repairedAgain, lateAnswer] = await Promise.all([plain, repair, again, late]);
    expect(held.runs).toBe(1);
    expect(found.problems.map((problem) => [problem.path, problem.problem])).toEqual([
      ['b.safetensors', 'corrupt'],
    ]);
    expect(found.jobs).toEqual([]);
    expect(repaired.jobs).toHaveLength(1);
    expect(repairedAgain).toEqual(repaired);
    expect(lateAnswer).toEqual(repaired);
    expect([...jobs.jobs.values()]).toHaveLength(1);
    expect(await readdir(blobs)).not.toContain(corrupt);
    expect(events.at(-1)).toMatchObject({ state: 'done', result: repaired });
  });

  it('a repair naming the last findings acts on them without hashing again, once for a double click', async () => {
    const counted = countedHash();
    const { verifications, events, jobs, repoDir } = await setUp({ hash: counted.hash });
    const corrupt = await corruptBlobOf(repoDir);
    const found = await verifiedToTheEnd(verifications, events);
    expect(found.problems.map((problem) => problem.problem)).toEqual(['corrupt']);
    const [repaired, twice] = await Promise.all([
      verifications.verify(REPO, true, found.id),
      verifications.verify(REPO, true, found.id),
    ]);
    // Before, a repair hashed the whole model again (a minute and more for 100 GB) before it deleted anything.
    expect(counted.runs).toBe(1);
    expect(repaired).toMatchObject({ id: found.id, problems: found.problems });
    expect(repaired.jobs).toHaveLength(1);
    expect(twice).toEqual(repaired);
    // Every client is told, once: the verification's end again, with the repair's answer.
    const told = events.filter((event) => event.id === found.id && event.result?.jobs.length);
    expect(told).toEqual([expect.objectContaining({ state: 'done', result: repaired })]);
    // Named apart from the model's own download in the Downloads list.
    expect([...jobs.jobs.values()].map((job) => job.name)).toEqual(['repair: org/big/b.safetensors']);
    expect(await readdir(join(repoDir, 'blobs'))).not.toContain(corrupt);
  });

  it('hashes again first when the files found changed since, or the findings are not the last', async () => {
    const counted = countedHash();
    const now = 1_000_000;
    const { verifications, events, jobs, repoDir } = await setUp({ hash: counted.hash, now: () => now });
    const corrupt = join(repoDir, 'blobs', await corruptBlobOf(repoDir));
    const verified = () => verifiedToTheEnd(verifications, events);
    const found = await verified();
    // Mended since (by hand, another tool): its findings no longer hold, so nothing is deleted.
    await flipByte(corrupt, 1234);
    await utimes(corrupt, new Date(), new Date(Date.now() + 5000));
    const mended = await verifications.verify(REPO, true, found.id);
    expect(counted.runs).toBe(2);
    expect(mended).toMatchObject({ intact: true, jobs: [] });
    expect([...jobs.jobs.values()]).toHaveLength(0);

    await flipByte(corrupt, 1234);
    const again = await verified();
    expect(await verifications.verify(REPO, true, found.id)).toMatchObject({ jobs: [expect.any(String)] });
    expect(counted.runs).toBe(4);
    expect(again.id).not.toBe(found.id);
  });

  it('hashes again first when the findings are older than VERIFY_FINDINGS_KEPT_MS', async () => {
    const counted = countedHash();
    let now = 1_000_000;
    const { verifications, events, repoDir } = await setUp({ hash: counted.hash, now: () => now });
    await corruptBlobOf(repoDir);
    const found = await verifiedToTheEnd(verifications, events);
    now += VERIFY_FINDINGS_KEPT_MS + 1;
    expect((await verifications.verify(REPO, true, found.id)).id).not.toBe(found.id);
    expect(counted.runs).toBe(2);
  });

  it('tells nothing of a model that is not there, and says why it failed', async () => {
    const { verifications, events } = await setUp();
    await expect(
      verifications.verify({ repoType: 'model', repoId: 'org/none' }, false),
    ).rejects.toMatchObject({
      code: 'REPO_NOT_FOUND',
    });
    expect(events).toEqual([]);
  });
});
