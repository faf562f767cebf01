import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { CommitListings } from './commit-listings.js';
import type { RepoFile } from './types.js';

const HUB = { endpoint: 'https://hub.test', token: 'hf_a' };
const REPO = { repoId: 'org/m', repoType: 'model' as const };
const COMMIT = 'a'.repeat(40);
const FILES = [{ path: 'config.json', size: 2 }] as RepoFile[];

function counting(files: RepoFile[] = FILES) {
  const calls = { count: 0 };
  const list = async () => {
    calls.count++;
    return files;
  };
  return { calls, list };
}

describe('CommitListings', () => {
  it('lists a commit once for concurrent and later plans within the TTL', async () => {
    let now = 0;
    const listings = new CommitListings({ ttlMs: 1000, now: () => now });
    const { calls, list } = counting();
    const [a, b] = await Promise.all([
      listings.get(HUB, REPO, COMMIT, list),
      listings.get(HUB, REPO, COMMIT, list),
    ]);
    now = 999;
    const c = await listings.get(HUB, REPO, COMMIT, list);
    expect(calls.count).toBe(1);
    expect([a, b, c]).toEqual([FILES, FILES, FILES]);
    now = 2000;
    await listings.get(HUB, REPO, COMMIT, list);
    expect(calls.count).toBe(2);
  });

  it('never hands one token’s listing to another token, endpoint, repo or commit', async () => {
    const listings = new CommitListings();
    const { calls, list } = counting();
    await listings.get(HUB, REPO, COMMIT, list);
    await listings.get({ ...HUB, token: 'hf_b' }, REPO, COMMIT, list);
    await listings.get({ endpoint: HUB.endpoint }, REPO, COMMIT, list);
    await listings.get({ ...HUB, endpoint: 'https://mirror.test' }, REPO, COMMIT, list);
    await listings.get(HUB, { ...REPO, repoType: 'dataset' }, COMMIT, list);
    await listings.get(HUB, REPO, 'b'.repeat(40), list);
    expect(calls.count).toBe(6);
  });

  it('does not keep a failed listing', async () => {
    const listings = new CommitListings();
    await expect(
      listings.get(HUB, REPO, COMMIT, async () => {
        throw new Error('503');
      }),
    ).rejects.toThrow('503');
    const { calls, list } = counting();
    await listings.get(HUB, REPO, COMMIT, list);
    expect(calls.count).toBe(1);
  });

  it('an aborted caller stops waiting; the others still get the listing', async () => {
    const listings = new CommitListings();
    let release: (files: RepoFile[]) => void = () => {};
    const list = () =>
      new Promise<RepoFile[]>((resolve) => {
        release = resolve;
      });
    const controller = new AbortController();
    const first = listings.get(HUB, REPO, COMMIT, list, controller.signal);
    const second = listings.get(HUB, REPO, COMMIT, list);
    controller.abort();
    const error = await first.catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ABORTED')).toBe(true);
    release(FILES);
    expect(await second).toEqual(FILES);
  });

  it('keeps at most maxEntries commits, dropping the least recently used', async () => {
    const listings = new CommitListings({ maxEntries: 2 });
    const { calls, list } = counting();
    const commit = (digit: string) => digit.repeat(40);
    await listings.get(HUB, REPO, commit('1'), list);
    await listings.get(HUB, REPO, commit('2'), list);
    await listings.get(HUB, REPO, commit('1'), list); // 1 is now the most recent
    await listings.get(HUB, REPO, commit('3'), list); // drops 2
    expect(calls.count).toBe(3);
    await listings.get(HUB, REPO, commit('1'), list);
    expect(calls.count).toBe(3);
    await listings.get(HUB, REPO, commit('2'), list);
    expect(calls.count).toBe(4);
  });

  it('keeps at most maxFiles files in all listings, and a listing larger than that alone not at all', async () => {
    const listings = new CommitListings({ maxFiles: 4 });
    const three = Array.from({ length: 3 }, (_, index) => ({ path: `f${index}`, size: 1 })) as RepoFile[];
    const { calls, list } = counting(three);
    await listings.get(HUB, REPO, 'a'.repeat(40), list);
    await listings.get(HUB, REPO, 'b'.repeat(40), list); // 6 files: the older listing (a) goes
    await listings.get(HUB, REPO, 'b'.repeat(40), list);
    expect(calls.count).toBe(2);
    await listings.get(HUB, REPO, 'a'.repeat(40), list);
    expect(calls.count).toBe(3);
    const five = counting(
      Array.from({ length: 5 }, (_, index) => ({ path: `g${index}`, size: 1 })) as RepoFile[],
    );
    const [first, second] = await Promise.all([
      listings.get(HUB, REPO, 'c'.repeat(40), five.list),
      listings.get(HUB, REPO, 'c'.repeat(40), five.list),
    ]);
    expect(first).toBe(second); // shared while in flight
    await listings.get(HUB, REPO, 'c'.repeat(40), five.list);
    expect(five.calls.count).toBe(2); // not kept afterwards
  });
});
