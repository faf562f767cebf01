/**
 * Revision → commit → files, for the mirror's resolve answers. Online: the upstream's revision info and
 * tree listing (with the mirror's own token: it fetches, it never grants — access is checked per client by
 * access-control.ts), remembered per commit (a commit's listing never changes) and per branch for a few
 * seconds; each branch resolved is written to the cache's `refs/` so it still resolves offline. Offline or
 * when the upstream is unreachable: the cache (src/cache/cached-snapshot.ts) and the listings kept of its commits
 * (listing-store.ts).
 */
import { readdir } from 'node:fs/promises';
import { type CacheRepoLayout, cacheRepoLayout, snapshotsDir } from '../cache/cache-layout.js';
import { cachedCommitFor, cachedSnapshot } from '../cache/cached-snapshot.js';
import { writeRef } from '../cache/write-ref.js';
import { byPath } from '../code-unit-order.js';
import { isHubgetError } from '../errors.js';
import { commitListings } from '../hub/commit-listings.js';
import {
  getRepoInfo,
  type HubConfig,
  listRepoFiles,
  listRepoRefs,
  type RepoFile,
  type RepoRef,
  type RepoRefs,
  type RetryOptions,
} from '../hub/index.js';
import { isFullCommit } from '../hub/repo-id.js';
import { isShortCommitOf } from '../hub/short-commit.js';
import { withEmptyFiles } from './empty-files.js';
import type { ListingStore } from './listing-store.js';
import { MirrorError, rememberedRateLimitError, toMirrorError, unavailableOffline } from './mirror-errors.js';
import type { TagStore } from './tag-store.js';
import type { Upstream } from './upstream.js';
import type { Visibility, VisibilityStore } from './visibility-store.js';

export interface MirrorSnapshot {
  repo: RepoRef;
  commit: string;
  files: ReadonlyMap<string, RepoFile>;
  /** Where the answer came from: the upstream (fresh) or the cache alone (offline). */
  source: 'upstream' | 'cache';
  layout: CacheRepoLayout;
  /** From the cache: every path the commit lists, when the mirror once listed it (listing-store.ts). */
  listed?: ReadonlySet<string>;
  /**
   * What the commit lists as far as the mirror knows, for the info, tree and paths-info answers: the upstream's
   * listing; while it is unreachable, the one kept for the commit (listing-store.ts), so a client sees every
   * file and hears 503 for those the cache lacks rather than getting part of a model as if it were all; the
   * cached files alone when none was kept. With --mirror-offline (there the cache is all there is) the cached files
   * and those of the kept listing a pull of this mirror has, in flight or paused (`RepoMetadataOptions.pulling`):
   * a request for one is answered from its pull (its bytes on disk, or how much is there), so a client that lists
   * first asks for it. `files` stays what the cache holds.
   */
  listing: ReadonlyMap<string, RepoFile>;
  /**
   * From the cache: the listing kept of the commit (listing-store.ts), with --mirror-offline too, where `listing` is
   * the cache's and its pulls': the size and hashes of a file a pull has, its bytes on disk or none (file-requests.ts).
   */
  kept?: ReadonlyMap<string, RepoFile>;
}

/**
 * The files of `files` (of `commit`, which the cache lacks) a pull of this mirror has, in flight or paused
 * (PullThrough.pulling).
 */
export type PulledFiles = (
  layout: CacheRepoLayout,
  repo: RepoRef,
  commit: string,
  files: readonly RepoFile[],
) => RepoFile[];

export interface RepoMetadataOptions {
  upstream: Upstream;
  cacheDir: string;
  visibility: VisibilityStore;
  /** Where each commit's listing is kept for offline answers; none: offline answers know only the cache. */
  listings?: ListingStore;
  /** Where each repo's tag names are kept, so offline refs list tags as tags; none: all as branches. */
  tags?: TagStore;
  /** Which files the cache lacks a pull of this mirror has: listed with --mirror-offline; none: no file is. */
  pulling?: PulledFiles;
  /** How long a branch → commit answer is reused. @default 10000 */
  revisionTtlMs?: number;
  /** Commits whose listing is kept in memory. @default 256 */
  maxCommits?: number;
  now?: () => number;
}

/**
 * Short retries only: a client waits on these calls, and an unreachable upstream means "serve the cache". A wait
 * the upstream asks for (429, 503 with Retry-After) of more than 2 s is not waited out while the client waits: the
 * answer goes to the client at once with its Retry-After (mirror-errors.ts), for the client's own retry to honour.
 * Before, a 429 with Retry-After: 30 held the client 31 s and then answered 429 without it.
 */
// Typed, so a renamed policy field is a compile error (`maxAttempts` was silently ignored: 5 tries, not 2).
const HUB_CALL: { retry: RetryOptions } = {
  retry: { maxConsecutiveFailures: 2, baseDelayMs: 200, maxServerDelayMs: 2000, longServerDelay: 'give-up' },
};

export class RepoMetadata {
  readonly #options: RepoMetadataOptions;
  readonly #revisions = new Map<string, { commit: string; at: number }>();
  readonly #listings = new Map<string, ReadonlyMap<string, RepoFile>>();
  /** Upstream calls in flight: concurrent client requests for one revision or commit share one call. */
  readonly #pending = new Map<string, Promise<unknown>>();
  /** Revision names whose kind (tag or branch) this process learned or asked the upstream about. */
  readonly #namesOfRefs = new Set<string>();

  constructor(options: RepoMetadataOptions) {
    this.#options = options;
  }

  layoutOf(repo: RepoRef): CacheRepoLayout {
    return cacheRepoLayout(this.#options.cacheDir, repo);
  }

  /** The snapshot `revision` names, from the upstream when reachable, else from the cache. */
  async snapshot(repo: RepoRef, revision: string): Promise<MirrorSnapshot> {
    const layout = this.layoutOf(repo);
    const upstream = this.#options.upstream;
    if (upstream.reachable) {
      try {
        const commit = await this.#commitOnline(repo, revision);
        const files = await this.#filesOnline(repo, commit);
        return { repo, commit, files, listing: files, source: 'upstream', layout };
      } catch (error) {
        if (!isHubgetError(error, 'NETWORK_UNREACHABLE')) throw toMirrorError(error, repo);
        upstream.markUnreachable();
      }
    }
    const cached = await this.fromCache(repo, revision);
    if (cached === undefined) {
      throw (await cachedSnapshot(layout, 'main')) === undefined
        ? unavailableOffline(repo.repoId)
        : new MirrorError(
            404,
            `Revision ${revision} of ${repo.repoId} is not in the mirror cache (offline)`,
            'RevisionNotFound',
          );
    }
    return cached;
  }

  /**
   * The snapshot `revision` names in the cache (by its stored `refs/`, or a commit's folder), with the commit's
   * kept listing; undefined when the cache does not know the revision. What `snapshot` answers while the upstream
   * is unreachable, and what a file request is served from while the upstream's rate limit lasts (file-requests.ts).
   * A commit the cache holds no file of is known by its kept listing (#listedOnly); with --mirror-offline, where the
   * cache is all there is, only when a pull of this mirror has a file of it (`listing`, #offlineListing).
   */
  async fromCache(repo: RepoRef, revision: string): Promise<MirrorSnapshot | undefined> {
    const layout = this.layoutOf(repo);
    const cached =
      (await cachedSnapshot(layout, revision)) ?? (await this.#listedOnly(repo, layout, revision));
    if (cached === undefined) return undefined;
    const kept = await this.#options.listings?.listing(repo, cached.commit);
    const offline = this.#options.upstream.offlineMode;
    const listing = offline
      ? this.#offlineListing(layout, repo, cached, kept?.files)
      : (kept?.files ?? cached.files);
    if (offline && listing.size === 0) return undefined;
    return {
      repo,
      ...cached,
      files: withEmptyFiles(cached.files, kept?.files),
      listing: withEmptyFiles(listing, kept?.files),
      source: 'cache',
      layout,
      ...(kept ? { listed: kept.paths } : {}),
      ...(kept?.files ? { kept: kept.files } : {}),
    };
  }

  /**
   * What a commit lists with --mirror-offline: the cached files, and those of its kept listing (`kept`) that a pull
   * of this mirror has (`pulling`), in path order (the kept listing's, and the Hub's); each as the Hub listed it.
   */
  #offlineListing(
    layout: CacheRepoLayout,
    repo: RepoRef,
    cached: { commit: string; files: ReadonlyMap<string, RepoFile> },
    kept: ReadonlyMap<string, RepoFile> | undefined,
  ): ReadonlyMap<string, RepoFile> {
    const lacking = [...(kept?.values() ?? [])].filter((file) => !cached.files.has(file.path));
    const pulled =
      lacking.length === 0 ? [] : (this.#options.pulling?.(layout, repo, cached.commit, lacking) ?? []);
    if (pulled.length === 0) return cached.files;
    const files = [...cached.files.values(), ...pulled].sort(byPath);
    return new Map(files.map((file) => [file.path, file]));
  }

  /**
   * A commit the cache resolves `revision` to but holds no file of (a file of it being pulled, or never got), of
   * which the mirror keeps the listing: known, with no file (its files get the 503 that names them, or the bytes
   * a pull has on disk), not "not in the mirror cache".
   */
  async #listedOnly(repo: RepoRef, layout: CacheRepoLayout, revision: string) {
    if (!this.#options.listings) return undefined;
    const commit = await cachedCommitFor(layout, revision);
    if (commit === undefined || !(await this.#options.listings.listing(repo, commit))) return undefined;
    return { commit, files: new Map<string, RepoFile>() };
  }

  /** Whether the cache holds any snapshot of `repo` (a commit folder under `snapshots/`). */
  async inCache(repo: RepoRef): Promise<boolean> {
    const entries = await readdir(snapshotsDir(this.layoutOf(repo))).catch(() => []);
    return entries.length > 0;
  }

  /**
   * Throws "not in the mirror cache" (503, or 501 with --mirror-offline) for a repo whose visibility the mirror
   * never learned (`visibility` undefined: never fetched through it while the upstream answered) and of which the
   * cache holds nothing: whoever asks, with a token or not, that is all the mirror can say of it. Before, a
   * client with a token heard that the repo "is restricted", and one without that it was "not known".
   */
  async assertKnownOrCached(repo: RepoRef, visibility: Visibility | undefined): Promise<void> {
    if (visibility === undefined && !(await this.inCache(repo))) throw unavailableOffline(repo.repoId);
  }

  /** Visibility recorded for `repo`, refreshed from the upstream when reachable. */
  async visibility(repo: RepoRef): Promise<Visibility | undefined> {
    const store = this.#options.visibility;
    if (this.#options.upstream.reachable && store.isStale(repo)) {
      // The revision info of `main` says both, and resolves `main` for the snapshot that usually follows
      // (#askCommit stores it like any resolution, or a client that only fetches files — hf_hub_download,
      // transformers — would leave no `refs/main` behind and the repo would not resolve by branch offline).
      // One call, shared with a resolution of `main` running at the same time.
      await this.#askCommitOnce(repo, 'main').catch((error: unknown) => {
        if (isHubgetError(error, 'NETWORK_UNREACHABLE')) this.#options.upstream.markUnreachable();
        else if (!store.get(repo)) throw toMirrorError(error, repo);
      });
    }
    return store.get(repo);
  }

  /**
   * Whether the upstream can be reached now; asked of it only when it has not answered for a while. A snapshot
   * by commit whose listing is in memory contacts nothing, so after the upstream went away (and once the
   * unreachable window of upstream.ts passed) a pull would be started on that alone and spend the job's
   * retries, seconds, finding it gone while the client waits: huggingface_hub resolves every file by commit,
   * its HEAD got a 200 and its GET hung until its own 10 s timeout.
   */
  async upstreamAnswers(repo: RepoRef, commit: string): Promise<boolean> {
    const upstream = this.#options.upstream;
    if (!upstream.reachable) return false;
    if (upstream.recentlyContacted) return true;
    try {
      await this.#ownCall(() => getRepoInfo({ ...HUB_CALL, hub: this.#hub(), repo, revision: commit }));
    } catch (error) {
      if (isHubgetError(error, 'NETWORK_UNREACHABLE')) {
        upstream.markUnreachable();
        return false;
      }
      // It answered; a refusal is for the pull (and the access check) to report.
    }
    upstream.noteContact();
    return true;
  }

  /**
   * Stores `refs/<revision>` (a client resolved it through the mirror), so it resolves offline too. Only a
   * branch or tag: a commit, full or short, is no ref (offline it resolves from `snapshots/` by its prefix,
   * cached-snapshot.ts), and the offline refs answer lists every name in `refs/` as a branch or tag. (`HEAD`
   * never gets here: it is `main`, mirror-request.ts.)
   */
  async rememberRef(repo: RepoRef, revision: string, commit: string): Promise<void> {
    if (!isFullCommit(commit) || revision === commit || isShortCommitOf(revision, commit)) return;
    await writeRef(this.layoutOf(repo), revision, commit).catch(() => false);
    // Is the name a tag or a branch? The cache cannot say; the upstream's refs can, asked once per name and
    // process, without holding the client up. `main` is a branch and a pull request is neither.
    if (!this.#options.tags || revision === 'main' || revision.startsWith('refs/')) return;
    if (this.#namesOfRefs.has(this.#refKey(repo, revision))) return;
    this.#namesOfRefs.add(this.#refKey(repo, revision));
    void this.#ownCall(() => listRepoRefs({ ...HUB_CALL, hub: this.#hub(), repo }))
      .then((refs) => this.recordRefs(repo, refs))
      .catch(() => undefined);
  }

  /** The upstream's refs of `repo` (a refs answer passed through, or asked by rememberRef): keeps its tags. */
  async recordRefs(repo: RepoRef, refs: RepoRefs): Promise<void> {
    for (const ref of [...refs.tags, ...refs.branches]) this.#namesOfRefs.add(this.#refKey(repo, ref.name));
    await this.#options.tags?.record(
      repo,
      refs.tags.map((tag) => tag.name),
    );
  }

  /** The key of a repo's revision, ref name or commit in this class's maps and sets. */
  #refKey(repo: RepoRef, name: string): string {
    return `${repo.repoType}:${repo.repoId}@${name}`;
  }

  /** The repo's tag names as last learned from the upstream (for the offline refs answer). */
  tagNames(repo: RepoRef): Promise<ReadonlySet<string>> {
    return this.#options.tags?.tags(repo) ?? Promise.resolve(new Set());
  }

  /** `call` once for `key` at a time: a caller arriving while it runs shares its answer. */
  #shared<T>(key: string, call: () => Promise<T>): Promise<T> {
    const running = this.#pending.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = call().finally(() => this.#pending.delete(key));
    this.#pending.set(key, started);
    return started;
  }

  async #commitOnline(repo: RepoRef, revision: string): Promise<string> {
    if (isFullCommit(revision)) return revision;
    const key = this.#refKey(repo, revision);
    const known = this.#revisions.get(key);
    if (known && this.#now() - known.at < (this.#options.revisionTtlMs ?? 10_000)) return known.commit;
    return this.#askCommitOnce(repo, revision);
  }

  /** #askCommit, once per revision at a time: a caller arriving while it runs shares its answer. */
  #askCommitOnce(repo: RepoRef, revision: string): Promise<string> {
    const key = this.#refKey(repo, revision);
    return this.#shared(`revision ${key}`, () => this.#askCommit(repo, revision, key));
  }

  async #askCommit(repo: RepoRef, revision: string, key: string): Promise<string> {
    const now = this.#now();
    const info = await this.#ownCall(() => getRepoInfo({ ...HUB_CALL, hub: this.#hub(), repo, revision }));
    this.#options.upstream.noteContact();
    await this.#options.visibility.set(repo, { gated: info.gated !== false, private: info.private });
    this.#revisions.set(key, { commit: info.commit, at: now });
    // So the branch still resolves when the upstream is gone (offline by branch name).
    await this.rememberRef(repo, revision, info.commit);
    return info.commit;
  }

  /** Whether the listing of `commit` is in memory (prune-records.ts). */
  listingInMemory(repo: RepoRef, commit: string): boolean {
    return this.#listings.has(this.#refKey(repo, commit));
  }

  async #filesOnline(repo: RepoRef, commit: string): Promise<ReadonlyMap<string, RepoFile>> {
    const key = this.#refKey(repo, commit);
    const known = this.#listings.get(key);
    if (known) return known;
    return this.#shared(`listing ${key}`, () => this.#askFiles(repo, commit, key));
  }

  async #askFiles(repo: RepoRef, commit: string, key: string): Promise<ReadonlyMap<string, RepoFile>> {
    // The process's listing of this commit: the pull jobs that follow plan from the same one (commit-listings.ts).
    const hub = this.#hub();
    const files = await commitListings.get(hub, repo, commit, () =>
      this.#ownCall(() => listRepoFiles({ ...HUB_CALL, hub, repo, commit })),
    );
    this.#options.upstream.noteContact();
    await this.#options.listings?.save(repo, commit, files);
    const map = new Map(files.map((file) => [file.path, file]));
    this.#listings.set(key, map);
    if (this.#listings.size > (this.#options.maxCommits ?? 256)) {
      this.#listings.delete(this.#listings.keys().next().value!);
    }
    return map;
  }

  /**
   * One of the mirror's own calls to the upstream (revision, listing, refs: API calls, the Hub's api bucket, made
   * with the mirror's token). While the wait a `429` asked for that quota lasts (src/hub/rate-limit-windows.ts) it
   * is not made: it fails at once as that `429` did, with what is left of the wait; a `429` that asks for a wait
   * starts one.
   * Before, every client request asked the upstream again during its wait, and was refused again.
   */
  async #ownCall<T>(call: () => Promise<T>): Promise<T> {
    const upstream = this.#options.upstream;
    const own = upstream.ownAuthorization;
    const leftMs = upstream.rateLimitLeftMs('api', own);
    if (leftMs !== undefined) throw rememberedRateLimitError(leftMs);
    try {
      return await call();
    } catch (error) {
      if (isHubgetError(error, 'RATE_LIMITED') && error.retryAfterMs !== undefined)
        upstream.noteRateLimit('api', own, error.retryAfterMs);
      throw error;
    }
  }

  #hub(): HubConfig {
    return this.#options.upstream.hubConfig;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}
