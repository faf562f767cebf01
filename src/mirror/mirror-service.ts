/**
 * The mirror as one service the HTTP face calls: a request under `/hf` in, a Hub-shaped answer out
 * (status, headers, body). No Fastify here: the route (src/server/routes/mirror.ts) only copies fields.
 *
 * Metadata (info, tree, paths-info, refs, whoami, search) passes through to the upstream with the client's own
 * credentials, so each client sees what the Hub shows it; when the upstream is unreachable the answer is
 * built from the cache. Files (resolve) are served from the cache, or pulled through once.
 */
import { readRefs } from '../cache/scan-cached-repo.js';
import { type HubConfig, type RepoRef, repoPageUrl, repoRefsOf } from '../hub/index.js';
import type { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { AccessControl } from './access-control.js';
import { FileRequests } from './file-requests.js';
import {
  isTrueFlag,
  lastCommitOf,
  pathsInfoBody,
  pathsInfoJson,
  refsJson,
  repoInfoJson,
  treeJson,
} from './hub-json.js';
import { ListingStore } from './listing-store.js';
import { MirrorCountersFile } from './mirror-counters-file.js';
import {
  MirrorError,
  needsUpstream,
  offlineRefusal,
  toMirrorError,
  unavailableOffline,
} from './mirror-errors.js';
import { errorReply, jsonObjectOf, jsonReply, type MirrorReply } from './mirror-replies.js';
import { type MirrorRequest, type MirrorRoute, parseMirrorRoute } from './mirror-request.js';
import { MirrorStats } from './mirror-stats.js';
import { type Pruned, pruneDaily, pruneMirrorRecords } from './prune-records.js';
import { type BlobFetcher, type MirrorLog, PullThrough } from './pull-through.js';
import { RepoMetadata } from './repo-metadata.js';
import { TagStore } from './tag-store.js';
import type { ContentCheck } from './temp-content-check.js';
import { Upstream, UpstreamUnreachable } from './upstream.js';
import { UpstreamWatch } from './upstream-watch.js';
import { type Visibility, VisibilityStore } from './visibility-store.js';

export type { MirrorReply, MirrorRequest };

export interface MirrorServiceOptions {
  /** The upstream's URL and the mirror's own token, read at each use (UpstreamOptions.hub). */
  hub: () => HubConfig;
  offline: boolean;
  cacheDir: string;
  /** Where gated/private flags are remembered (survive a restart while offline). */
  visibilityPath: string;
  /** Where each commit's listing is remembered, so offline a file a commit lacks is a 404 (listing-store.ts). */
  listingsDir?: string;
  /** Where each repo's tag names are kept, so offline refs list tags as tags (tag-store.ts). */
  tagsDir?: string;
  fetcher: BlobFetcher;
  stats?: MirrorStats;
  /** Where the counters are kept across restarts (mirror-counters-file.ts); default: not kept. */
  countersPath?: string;
  accessTtlMs?: number;
  pollMs?: number;
  /** The clock of the upstream's reachability windows (tests). */
  now?: () => number;
  /** The remembered `429` waits, shared with the server's own Hub calls (UpstreamOptions.rateLimits). */
  rateLimits?: RateLimitWindows;
  /** How the mirror checks a paused pull's whole temp file itself (temp-content-check.ts); default its hash (tests). */
  contentCheck?: ContentCheck;
  /** The server log's warnings (a paused pull's verified file that could not be moved into place); default none. */
  warn?: MirrorLog;
  /** The server log's info lines (such a file moved into place at a later try); default none. */
  log?: MirrorLog;
  /** The server log's debug lines (a try of such a move failing again for the same cause); default none. */
  debug?: MirrorLog;
}

/** The upstream's headers a passed-through answer keeps: with a 429, the wait it asks (docs/hub-protocol.md §1.8). */
const PASSED_HEADERS = [
  'content-type',
  'x-error-code',
  'x-error-message',
  'x-repo-commit',
  'etag',
  'link',
  'retry-after',
  'ratelimit',
  'ratelimit-policy',
];

/** Why the body of a client let go by releaseJob was cut (the server log's warning line). */
const STOPPED_BY_OPERATOR = 'the pull of this file was paused or cancelled anyway by the mirror operator';

export class MirrorService {
  readonly stats: MirrorStats;
  readonly upstream: Upstream;
  readonly #metadata: RepoMetadata;
  readonly #access: AccessControl;
  readonly #pull: PullThrough;
  readonly #files: FileRequests;
  readonly #visibility: VisibilityStore;
  readonly #fetcher: BlobFetcher;
  readonly #cacheDir: string;
  readonly #listings: ListingStore | undefined;
  readonly #tags: TagStore | undefined;
  readonly #counters: MirrorCountersFile | undefined;
  #stopPruning: (() => void) | undefined;

  constructor(options: MirrorServiceOptions) {
    this.stats = options.stats ?? new MirrorStats();
    this.#counters =
      options.countersPath === undefined
        ? undefined
        : new MirrorCountersFile(options.countersPath, this.stats);
    this.#cacheDir = options.cacheDir;
    this.#listings =
      options.listingsDir === undefined ? undefined : new ListingStore({ dir: options.listingsDir });
    this.#tags = options.tagsDir === undefined ? undefined : new TagStore({ dir: options.tagsDir });
    this.#fetcher = options.fetcher;
    this.upstream = new Upstream({
      hub: options.hub,
      offline: options.offline,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    });
    this.#visibility = new VisibilityStore({ path: options.visibilityPath });
    this.#pull = new PullThrough({
      fetcher: options.fetcher,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.contentCheck === undefined ? {} : { matches: options.contentCheck }),
      ...(options.warn === undefined ? {} : { warn: options.warn }),
      ...(options.log === undefined ? {} : { info: options.log }),
      ...(options.debug === undefined ? {} : { debug: options.debug }),
    });
    this.#metadata = new RepoMetadata({
      upstream: this.upstream,
      cacheDir: options.cacheDir,
      visibility: this.#visibility,
      ...(this.#listings === undefined ? {} : { listings: this.#listings }),
      ...(this.#tags === undefined ? {} : { tags: this.#tags }),
      // With --mirror-offline the files the cache lacks that a pull of this mirror has are listed too.
      pulling: (layout, repo, commit, files) => this.#pull.pulling(layout, repo, commit, files),
    });
    this.#access = new AccessControl({
      upstream: this.upstream,
      ...(options.accessTtlMs === undefined ? {} : { ttlMs: options.accessTtlMs }),
    });
    // A pull's attempt that got no answer: is the upstream gone? (upstream-watch.ts) One the upstream answered
    // `429`, of a pull or of one of the server's own downloads (same upstream, same token: the Hub counts them
    // alike): its wait holds for the requests of that quota, as one answered to the mirror's own calls does.
    const watch = new UpstreamWatch(this.upstream);
    options.fetcher.observeFailedAttempts?.((error, pull) => {
      if (pull) watch.pullFailed(error.code);
      if (error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined && error.url !== undefined)
        this.upstream.noteOwnRateLimitAt(error.url, error.retryAfterMs);
    });
    this.#files = new FileRequests({
      metadata: this.#metadata,
      access: this.#access,
      pull: this.#pull,
      upstream: this.upstream,
      watch,
      stats: this.stats,
    });
  }

  async start(): Promise<void> {
    await this.#visibility.load();
    await this.#counters?.start();
  }

  /** Prunes the records now and once a day until close() (prune-records.ts); `onPruned` hears of what went. */
  startPruning(onPruned?: (pruned: Pruned) => void): void {
    this.#stopPruning?.();
    this.#stopPruning = pruneDaily(() => this.pruneRecords(), onPruned);
  }

  /** Stops the daily pruning and writes the counters a last time (the server's close). */
  async close(): Promise<void> {
    this.#stopPruning?.();
    this.#stopPruning = undefined;
    await this.#counters?.close();
  }

  /** Removes the kept listings and tag records that can no longer serve (prune-records.ts). */
  pruneRecords(): Promise<Pruned> {
    return pruneMirrorRecords({
      cacheDir: this.#cacheDir,
      ...(this.#listings === undefined ? {} : { listings: this.#listings }),
      ...(this.#tags === undefined ? {} : { tags: this.#tags }),
      inMemory: (repo, commit) => this.#metadata.listingInMemory(repo, commit),
    });
  }

  /** Whether a download job is fetching a file mirror clients wait on (pausing or cancelling it is refused). */
  holdsJob(jobId: string): boolean {
    return this.#fetcher.holds?.(jobId) ?? false;
  }

  /**
   * Lets the mirror clients waiting on a download job go, their answers cut where the bytes on disk end (a client
   * resumes with a `Range`), so that the job can be paused or cancelled anyway (the API's `force`); returns how
   * many there were.
   */
  releaseJob(jobId: string): number {
    return this.#fetcher.release?.(jobId, new Error(STOPPED_BY_OPERATOR)) ?? 0;
  }

  /** Blobs being pulled from the upstream right now. */
  get activePulls(): number {
    return this.#pull.active;
  }

  async handle(request: MirrorRequest): Promise<MirrorReply> {
    let route: MirrorRoute | undefined;
    try {
      route = parseMirrorRoute(request.pathname, request.method);
      if (route === undefined)
        throw new MirrorError(404, `Not a Hub endpoint this mirror serves: ${request.pathname}`);
      return await this.#dispatch(route, request);
    } catch (error) {
      const refusal = toMirrorError(error, route !== undefined && 'repo' in route ? route.repo : undefined);
      return errorReply(this.upstream.offlineMode ? offlineRefusal(refusal) : refusal);
    }
  }

  #dispatch(route: MirrorRoute, request: MirrorRequest): Promise<MirrorReply> {
    switch (route.kind) {
      case 'whoami':
        return this.#upstreamOnly(request, 'whoami');
      case 'search':
        return this.#upstreamOnly(request, 'Hub search');
      case 'info':
        return this.#passThrough(request, () => this.#metadataFromCache(route, request)).then(
          async (reply) => {
            await this.#remember(route.repo, route.revision ?? 'main', reply);
            return reply;
          },
        );
      case 'tree':
      case 'paths-info':
        return this.#passThrough(request, () => this.#metadataFromCache(route, request));
      case 'refs':
        return this.#passThrough(request, () => this.#refsFromCache(route.repo, request)).then(
          async (reply) => {
            await this.#rememberTags(route.repo, reply);
            return reply;
          },
        );
      case 'page':
        // The page is the upstream's: a person opening the URL a client printed from its endpoint lands there.
        return Promise.resolve({
          status: 302,
          headers: { location: repoPageUrl(this.upstream.endpoint, route.repo) },
        });
      case 'resolve':
        return this.#files
          .resolve(route.repo, route.revision, route.path, request, route.raw)
          .catch((error: unknown) => {
            // A file the mirror could not give (mirror-stats.ts): neither a hit nor a miss.
            if (request.method !== 'HEAD' && toMirrorError(error).status >= 500)
              this.stats.request('unavailable');
            throw error;
          });
    }
  }

  /** Answers only the upstream can give (`what`: whoami, search): a 503 at once while it is unreachable. */
  #upstreamOnly(request: MirrorRequest, what: string): Promise<MirrorReply> {
    return this.#passThrough(request, () => {
      throw needsUpstream(
        `${what} needs the upstream Hub`,
        ', which is unreachable: try again when it is back',
      );
    });
  }

  /** The upstream's answer with the client's credentials, or `offline()` when it cannot be reached. */
  async #passThrough(
    request: MirrorRequest,
    offline: () => Promise<MirrorReply> | MirrorReply,
  ): Promise<MirrorReply> {
    if (!this.upstream.reachable) return offline();
    const path = `${request.pathname}${request.query ? `?${request.query}` : ''}`;
    let response: Awaited<ReturnType<Upstream['send']>>;
    try {
      response = await this.upstream.send(request.method as 'GET' | 'HEAD' | 'POST', path, {
        ...(request.authorization ? { authorization: request.authorization } : {}),
        headers: {
          accept: 'application/json',
          ...(request.contentType ? { 'content-type': request.contentType } : {}),
        },
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      if (error instanceof UpstreamUnreachable) return offline();
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = response.headers[name];
      const text = Array.isArray(value) ? value.join(', ') : value;
      if (text !== undefined) headers[name] = text;
    }
    if (headers.link) headers.link = this.#rewriteLink(headers.link, request.baseUrl);
    return { status: response.status, headers, body: response.body };
  }

  /** A branch a client resolved through the mirror resolves offline later (stored ref). */
  async #remember(repo: RepoRef, revision: string, reply: MirrorReply): Promise<void> {
    const sha = jsonObjectOf(reply)?.sha;
    if (typeof sha === 'string') await this.#metadata.rememberRef(repo, revision, sha);
  }

  /** The upstream's refs answer says which names are tags: kept for the offline refs answer. */
  async #rememberTags(repo: RepoRef, reply: MirrorReply): Promise<void> {
    const data = jsonObjectOf(reply);
    if (data !== undefined) await this.#metadata.recordRefs(repo, repoRefsOf(data));
  }

  /** Pagination links name the upstream; the client must come back to the mirror. */
  #rewriteLink(link: string, baseUrl: string): string {
    return link
      .split(',')
      .filter((part) => !/rel="?xet-/i.test(part))
      .map((part) => part.split(this.upstream.endpoint).join(baseUrl))
      .join(',')
      .trim();
  }

  /**
   * Whether the client may read `repo` from the cache (the upstream unreachable); its visibility, for the
   * answer. A repo never seen online (not pulled through this mirror) and not in the cache is just that, not
   * in the cache — not "not found, or private", whatever a token could see upstream.
   */
  async #checkCached(
    repo: RepoRef,
    request: MirrorRequest,
    probe: { revision: string },
  ): Promise<Visibility | undefined> {
    const visibility = await this.#metadata.visibility(repo);
    await this.#metadata.assertKnownOrCached(repo, visibility);
    await this.#access.check(repo, visibility, request.authorization, probe);
    return visibility;
  }

  /** Offline refs: the branches (and pull requests) clients resolved through the mirror, from `refs/`. */
  async #refsFromCache(repo: RepoRef, request: MirrorRequest): Promise<MirrorReply> {
    await this.#checkCached(repo, request, { revision: 'main' });
    const refs = await readRefs(this.#metadata.layoutOf(repo).repoDir, []);
    if (refs.size === 0) throw unavailableOffline(repo.repoId);
    const includePullRequests = new URLSearchParams(request.query).has('include_prs');
    return jsonReply(refsJson(refs, includePullRequests, await this.#metadata.tagNames(repo)));
  }

  async #metadataFromCache(
    route: Extract<MirrorRoute, { kind: 'info' | 'tree' | 'paths-info' }>,
    request: MirrorRequest,
  ): Promise<MirrorReply> {
    const visibility = await this.#checkCached(route.repo, request, { revision: route.revision ?? 'main' });
    const snapshot = await this.#metadata.snapshot(route.repo, route.revision ?? 'main');
    const files = [...snapshot.listing.values()];
    const query = new URLSearchParams(request.query);
    // What `expand` adds to each entry: `lastCommit`, the commit the revision resolves to (hub-json.ts).
    const lastCommit = (expand: boolean) => (expand ? lastCommitOf(snapshot.commit) : undefined);
    let body: object;
    if (route.kind === 'info') {
      const blobs = isTrueFlag(query.get('blobs'));
      body = repoInfoJson(route.repo, snapshot.commit, files, visibility, blobs);
    } else if (route.kind === 'tree') {
      const recursive = isTrueFlag(query.get('recursive'));
      const entries = treeJson(files, route.path, recursive, lastCommit(isTrueFlag(query.get('expand'))));
      if (entries === undefined) {
        throw new MirrorError(404, `${route.path} is not a folder of ${route.repo.repoId}`, 'EntryNotFound');
      }
      body = entries;
    } else {
      const { paths, expand } = pathsInfoBody(request.body, request.contentType);
      body = pathsInfoJson(snapshot.listing, paths, lastCommit(expand));
    }
    return jsonReply(body);
  }
}
