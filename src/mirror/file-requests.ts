/**
 * File requests of the mirror (`resolve`, docs/mirror.md): a file is served from the cache, or pulled through
 * once (pull-through.ts) and served while it downloads; when the upstream is unreachable, a file the cache
 * lacks is a 404 (the commit does not list it) or a 503 (it does), unless this mirror is pulling it: then the
 * bytes its pull has on disk are served, and the body is cut where they end. So it is with --mirror-offline for a
 * pull paused before the switch (docs/mirror-offline.md), its refusals the 501 of an offline mirror, and for one an
 * operator resumed (its first bytes awaited: a 503 with Retry-After).
 */
import type { Readable } from 'node:stream';
import { toHubgetError } from '../errors.js';
import type { RepoFile, RepoRef } from '../hub/index.js';
import type { AccessControl } from './access-control.js';
import { finishedBlobStream, growingBlobStream } from './blob-stream.js';
import {
  conditionalOutcome,
  hasDateCondition,
  notModifiedReply,
  preconditionFailed,
} from './conditional-request.js';
import { parseRangeHeader } from './http-range.js';
import type { InFlightBlob } from './in-flight-blob.js';
import { MirrorError, rememberedRateLimitError, rememberedRateLimitMessage } from './mirror-errors.js';
import { fileHeaders, type MirrorReply } from './mirror-replies.js';
import type { MirrorRequest } from './mirror-request.js';
import type { MirrorResult, MirrorStats } from './mirror-stats.js';
import {
  firstBytesAwaited,
  firstBytesAwaitedOffline,
  notCachedUnreachable,
  partlyPulled,
  pullStopped,
  refusedAsPartly,
  upstreamFailing,
} from './pull-refusals.js';
import type { BlobSource, PullThrough } from './pull-through.js';
import { firstBytesOrFailure, stopWaitingWhenGone, stopWaitingWhenRefused } from './pull-waits.js';
import { lfsPointerReply } from './raw-pointer.js';
import type { MirrorSnapshot, RepoMetadata } from './repo-metadata.js';
import { storedAt } from './snapshot-link.js';
import type { Upstream } from './upstream.js';
import type { UpstreamWatch } from './upstream-watch.js';

/** Why a body read from a paused pull with --mirror-offline is cut (the server log's warning line). */
const OFFLINE = 'the mirror is offline (--mirror-offline)';

export interface FileRequestsOptions {
  metadata: RepoMetadata;
  access: AccessControl;
  pull: PullThrough;
  upstream: Upstream;
  watch: UpstreamWatch;
  stats: MirrorStats;
}

export class FileRequests {
  readonly #options: FileRequestsOptions;

  constructor(options: FileRequestsOptions) {
    this.#options = options;
  }

  /** `raw`: the git object (`/raw/`): for an LFS file its pointer file (raw-pointer.ts), else the file as resolved. */
  async resolve(
    repo: RepoRef,
    revision: string,
    path: string,
    request: MirrorRequest,
    raw = false,
  ): Promise<MirrorReply> {
    const visibility = await this.#options.metadata.visibility(repo);
    // Never seen while online (not pulled through this mirror, or its flags were lost) and the upstream gone.
    if (!this.#options.upstream.reachable) await this.#options.metadata.assertKnownOrCached(repo, visibility);
    await this.#options.access.check(repo, visibility, request.authorization, { revision, path });
    const snapshot = await this.#options.metadata
      .snapshot(repo, revision)
      .catch((error: unknown) => this.#cachedWhileRateLimited(repo, revision, path, error));
    const pointed = raw ? (snapshot.listing.get(path) ?? snapshot.files.get(path)) : undefined;
    if (pointed?.lfs) return lfsPointerReply(snapshot.commit, pointed, pointed.lfs, request);
    // The upstream is gone and the cache lacks the file, but this mirror's pull of it has the bytes from the
    // range's start on disk: they are served (then the body is cut where they end, stopWaitingWhenGone).
    const cached = snapshot.files.get(path);
    const pulled =
      cached === undefined && snapshot.source === 'cache'
        ? await this.#pulledSoFar(snapshot, path, request)
        : undefined;
    const file = cached ?? pulled?.file;
    if (file === undefined && pulled?.refusal) throw pulled.refusal;
    if (file === undefined) {
      const error = new MirrorError(
        404,
        `${path} not found in ${repo.repoId} at ${snapshot.commit}`,
        'EntryNotFound',
        {
          'x-repo-commit': snapshot.commit,
        },
      );
      // From the cache, a file is only known to be missing when the commit's stored listing lacks it (or
      // with --mirror-offline, which serves the cache as all there is); else it may exist upstream: 503.
      const knownMissing = snapshot.listed !== undefined && !snapshot.listed.has(path);
      throw snapshot.source === 'cache' && !this.#options.upstream.offlineMode && !knownMissing
        ? notCachedUnreachable(repo.repoId, path, snapshot.commit)
        : error;
    }
    const headers = fileHeaders(snapshot.commit, file);
    // If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range (conditional-request.ts): a 412 or
    // a 304 needs no bytes, so no pull and no upstream. The dates are compared with when the file was stored.
    const stored = hasDateCondition(request)
      ? await storedAt(snapshot.layout, revision, snapshot.commit, file)
      : undefined;
    const conditional = conditionalOutcome(request, headers, stored);
    if (conditional.kind === 'precondition-failed') throw preconditionFailed(path, headers);
    if (conditional.kind === 'not-modified') return notModifiedReply(headers, file.size);
    // A file the mirror would have to pull, on metadata that came from memory: is the upstream still there?
    // If not, the answer comes from the cache (a 503 for this file) instead of a 200 and a pull that hangs.
    // Cheapest first: an upstream that answered lately needs no look at the disk (source() stats the blob).
    if (
      snapshot.source === 'upstream' &&
      !this.#options.upstream.recentlyContacted &&
      !(await this.#options.pull.holds(snapshot.layout, file)) &&
      !(await this.#options.metadata.upstreamAnswers(repo, snapshot.commit))
    ) {
      return this.resolve(repo, revision, path, request, raw);
    }
    const range = parseRangeHeader(conditional.range, file.size);
    if (range.kind === 'unsatisfiable') {
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}` } };
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : file.size - 1;
    const partialHeaders: Record<string, string> =
      range.kind === 'partial' ? { 'content-range': `bytes ${start}-${end}/${file.size}` } : {};
    const status = range.kind === 'partial' ? 206 : 200;
    const length = file.size === 0 ? 0 : end - start + 1;
    const replyHeaders = { ...headers, ...partialHeaders, 'content-length': String(length) };
    if (request.method === 'HEAD') return { status, headers: replyHeaders };
    // An empty file of a snapshot from the cache (the upstream unreachable, --mirror-offline, its rate limit) needs no
    // byte and no pull: the listing is all of it (empty-files.ts), held or not.
    if (length === 0 && snapshot.source === 'cache') {
      this.#options.stats.request('hit');
      return { status, headers: replyHeaders, body: '' };
    }
    // While the upstream is unreachable (or with --mirror-offline), or during its rate limit, bytes a paused pull has
    // on disk are read without resuming it (onDisk).
    const onDisk = pulled?.paused
      ? this.#pausedOnDisk(snapshot, file, pulled.paused, end, {
          refusal: () => notCachedUnreachable(repo.repoId, path, snapshot.commit),
          cut: `${this.#options.upstream.offlineMode ? OFFLINE : 'the upstream Hub is unreachable'} and the pull of this file is paused`,
        })
      : pulled === undefined
        ? await this.#onDiskWhileRateLimited(snapshot, repo, file, start, end)
        : undefined;
    const source =
      pulled?.source ??
      onDisk?.source ??
      (await this.#options.pull.source(snapshot.layout, repo, snapshot.commit, file, request.client));
    // A pull that cannot reach the upstream (it went away after the metadata came from memory) marks it
    // unreachable, so the next requests are answered from the cache at once instead of each trying again
    // (upstream-watch.ts; its attempts are watched as they fail, this is the pull given up).
    if (source.kind === 'pulling' && source.started) {
      source.blob.done.then(
        () => this.#options.upstream.noteContact(),
        (error: unknown) => this.#options.watch.pullFailed(toHubgetError(error).code),
      );
    }
    // This request waits on the pull until its answer ends, so its job is not paused or cancelled meanwhile
    // (waiting-clients.ts): every return below ends the wait, but a body's, which ends it when it closes. Unless an
    // operator stops the pull anyway: `released` then cuts the answer (before its status: a 503).
    const wait = source.kind === 'pulling' && onDisk === undefined ? source.blob.clients.add() : undefined;
    const ended = wait?.ended ?? (() => undefined);
    let stream: Readable | undefined;
    try {
      // Counted once the answer is decided: a pull that fails before its first bytes is a refusal (above).
      const served = servedAs(source, onDisk !== undefined);
      if (length === 0) {
        // An empty file needs only its pull's end: a client let go meanwhile (stopped anyway) gets the 503 too.
        if (source.kind === 'pulling' && wait && !(await source.blob.doneUnless(wait.released)))
          throw pullStopped(repo.repoId, path, snapshot.commit);
        this.#options.stats.request(served);
        return { status, headers: replyHeaders, body: '' };
      }
      // The upstream found gone while this request waited on the pull: answered from the cache (a 503), not
      // after the pull's retries; the pull's job retries on in the background and caches the file if it returns.
      const first =
        source.kind === 'pulling' && wait
          ? await firstBytesOrFailure(source.blob, start, this.#options.upstream, wait.released)
          : 'bytes';
      if (first === 'gone') return this.resolve(repo, revision, path, request, raw);
      if (first === 'released') throw pullStopped(repo.repoId, path, snapshot.commit);
      // The upstream answers the pull with errors (5xx, 429) and no byte is there: said now, not a 200 on trust
      // and a body that stalls while the job retries in the background.
      if (first !== 'bytes') throw upstreamFailing(repo.repoId, path, snapshot.commit, first);
      this.#options.stats.request(served);
      if (source.kind === 'cached') stream = finishedBlobStream(source.path, start, end);
      else {
        const upstreamGone = stopWaitingWhenGone(source.blob, this.#options.upstream);
        // The upstream asks the pull to wait longer than a client waits for a byte: cut, not stalled.
        const refused = stopWaitingWhenRefused(source.blob);
        // Stopped anyway by an operator: the bytes on disk are sent and the body is cut where they end (or before
        // its held-back last chunk), never ended as if the file were whole.
        // Read from a paused pull during the rate limit: the bytes on disk, never a wait for more.
        const stopWaiting = AbortSignal.any([
          upstreamGone.signal,
          refused.signal,
          ...(wait ? [wait.released] : []),
          ...(onDisk ? [onDisk.stop] : []),
        ]);
        stream = growingBlobStream(source.blob, start, end, stopWaiting);
        stream.once('close', upstreamGone.stop);
        stream.once('close', refused.stop);
      }
      const pull = this.#options.stats.pull(request.client, repo.repoId, path, request.agent);
      const fromCache = cachedBytes(source, served, request.client);
      let offset = start;
      stream.on('data', (chunk: Buffer) => {
        pull.bytes(chunk.length, fromCache(offset, offset + chunk.length));
        offset += chunk.length;
      });
      stream.once('close', () => pull.end());
      return { status, headers: replyHeaders, body: stream };
    } finally {
      if (stream) stream.once('close', ended);
      else ended();
    }
  }

  /**
   * A pull would start (the file neither in the cache nor being pulled) or resume (its job paused: PullThrough.holds)
   * while the wait the upstream asked of the mirror's own file requests lasts (a `429` to one of its pulls or
   * downloads: src/hub/rate-limit-windows.ts): refused now, with what is left of it, as the mirror's own calls
   * are, instead of a job that asks the upstream again. Unless the paused pull has the bytes from `start` on disk: they need no
   * upstream, and are read from it without joining it (which would resume its job): `source`, with `stop` aborted,
   * so the answer sends them and is cut where they end (the client resumes from there with a `Range`, and then gets
   * the `429`). Undefined when there is no wait, or the file is held (a pull running, or the cache has it).
   */
  async #onDiskWhileRateLimited(
    { layout, commit }: MirrorSnapshot,
    repo: RepoRef,
    file: RepoFile,
    start: number,
    end: number,
  ): Promise<{ source: BlobSource; stop: AbortSignal } | undefined> {
    const upstream = this.#options.upstream;
    const leftMs = upstream.rateLimitLeftMs('resolvers', upstream.ownAuthorization);
    if (leftMs === undefined || (await this.#options.pull.holds(layout, file))) return undefined;
    // A job of it that runs unwatched would be started by a watch (a queued one), which the wait forbids: not looked at.
    const paused = await this.#options.pull.inFlight(layout, repo, commit, file, { running: false });
    if (!paused?.paused || !paused.hasBytesAt(start)) throw rememberedRateLimitError(leftMs);
    return this.#pausedOnDisk({ layout, repo, commit }, file, paused, end, {
      refusal: () =>
        rememberedRateLimitError(upstream.rateLimitLeftMs('resolvers', upstream.ownAuthorization) ?? leftMs),
      cut: rememberedRateLimitMessage(leftMs),
    });
  }

  /**
   * The bytes a paused pull has on disk, read without joining it (which would resume its job): `source`, with `stop`
   * aborted (`cut` says why), so the answer sends them and is cut where they end. A response to the file's end holds
   * its last chunk until the file is verified, which a paused pull does not do: with every byte on disk the mirror
   * hashes the temp file itself while the body streams (and moves it into place if it is the file:
   * PullThrough.verifyPaused), and only the last chunk waits for the verdict (blob-stream.ts), so no status waits for
   * a hash of the whole file. A temp file found not to be the file cuts that body before its last chunk, and from then
   * on such a response gets `refusal` before any byte. One found to be the file whose move into place failed is moved
   * at the next request for it, whatever its range (its verdict stands: no hash again).
   */
  #pausedOnDisk(
    { layout, repo, commit }: Pick<MirrorSnapshot, 'layout' | 'repo' | 'commit'>,
    file: RepoFile,
    paused: InFlightBlob,
    end: number,
    { refusal, cut }: { refusal: () => Error; cut: string },
  ): { source: BlobSource; stop: AbortSignal } {
    const toTheEnd = end === file.size - 1;
    if (paused.allWritten && (toTheEnd || paused.tempVerdict === true)) {
      if (toTheEnd && paused.tempVerdict === false) throw refusal();
      this.#options.pull.verifyPaused(layout, { repo, commit }, file, paused).catch(() => undefined);
    }
    return {
      source: { kind: 'pulling', blob: paused, started: false },
      stop: AbortSignal.abort(new Error(cut)),
    };
  }

  /**
   * The upstream rate-limits the mirror's own calls (a `429`, or the wait it asked still lasting:
   * src/hub/rate-limit-windows.ts): a file the cache holds is served from it, by the commit the cache resolves
   * the revision to (as while the upstream is unreachable), and so is a file that commit's kept listing names and a pull of this
   * mirror has in flight: answered from that pull as after the upstream's answer (joined, or while the resolvers wait
   * lasts the bytes a paused one has on disk: #onDiskWhileRateLimited). Any other file gets that `429`, with what is
   * left of the wait: no pull starts on the cache's word.
   */
  async #cachedWhileRateLimited(
    repo: RepoRef,
    revision: string,
    path: string,
    error: unknown,
  ): Promise<MirrorSnapshot> {
    if (!(error instanceof MirrorError) || error.status !== 429) throw error;
    const cached = await this.#options.metadata.fromCache(repo, revision);
    if (cached?.files.has(path)) return cached;
    const listed = cached?.listing.get(path);
    if (cached && listed && (await this.#options.pull.inFlight(cached.layout, repo, cached.commit, listed)))
      return { ...cached, files: new Map([...cached.files, [path, listed]]) };
    throw error;
  }

  /**
   * A file the cache lacks, of a cache snapshot (the upstream unreachable, or --mirror-offline), that this mirror is
   * pulling and of which the bytes from the asked range's start are on disk: the commit's kept listing names it (with
   * --mirror-offline too: `kept`), its pull is joined; or whose pull is paused (paused anyway, or kept across a
   * restart or a switch to --mirror-offline: PullThrough.inFlight), read without joining it (`paused`: joining
   * would resume its job, #pausedOnDisk). When its pull lacks the byte at the range's start, `refusal` says what it
   * has: partlyPulled (the 501 with --mirror-offline), 0 B for a paused one with none (refusedAsPartly), and for a
   * running one with none yet firstBytesAwaited: a 503 with Retry-After, its first bytes may come any moment (with
   * --mirror-offline too: an operator resumed it, and its job asks the Hub; before, it was the 404 of any file the
   * cache lacks). Undefined when no pull of it runs.
   */
  async #pulledSoFar(
    snapshot: MirrorSnapshot,
    path: string,
    request: MirrorRequest,
  ): Promise<
    | { file: RepoFile; source: BlobSource; paused?: InFlightBlob; refusal?: undefined }
    | { file?: undefined; source?: undefined; paused?: undefined; refusal: MirrorError }
    | undefined
  > {
    const file = snapshot.listing.get(path) ?? snapshot.kept?.get(path);
    if (file === undefined) return undefined;
    const { layout, repo, commit } = snapshot;
    const inFlight = await this.#options.pull.inFlight(layout, repo, commit, file);
    const paused = inFlight?.paused ? inFlight : undefined;
    const source: BlobSource | undefined = paused
      ? { kind: 'pulling', blob: paused, started: false }
      : this.#options.pull.joinRunning(layout, commit, file);
    if (source?.kind !== 'pulling') return undefined;
    const conditional = conditionalOutcome(request, fileHeaders(snapshot.commit, file));
    if (conditional.kind !== 'send') return { file, source, ...(paused ? { paused } : {}) };
    const range = parseRangeHeader(conditional.range, file.size);
    const start = range.kind === 'partial' ? range.start : 0;
    if (range.kind === 'unsatisfiable' || source.blob.hasBytesAt(start))
      return { file, source, ...(paused ? { paused } : {}) };
    const onDisk = source.blob.bytesOnDisk;
    if (refusedAsPartly(onDisk, paused !== undefined))
      return { refusal: partlyPulled(repo.repoId, path, commit, { onDisk, size: file.size, from: start }) };
    const upstream = this.#options.upstream;
    const refusal = upstream.offlineMode
      ? firstBytesAwaitedOffline(repo.repoId, path, commit, file.size, source.blob.failures.failing)
      : firstBytesAwaited(repo.repoId, path, commit, file.size, upstream.unreachableLeftMs);
    return { refusal };
  }
}

/**
 * What a file served from `source` counts as (docs/mirror.md, counters): from the cache (hit), by the upstream
 * fetch this request started (miss) or one it joined (partial). A joined fetch that has every byte on disk
 * already (a client read them all before the job verified the blob and moved it into place) gives the whole
 * file from the disk, waiting on nothing upstream: a hit, as it is a moment later. So does a paused pull read
 * without joining it during a rate-limit wait (`pausedOnDisk`, #onDiskWhileRateLimited): its bytes are on disk,
 * nothing arrives or is waited on, and the answer is cut where they end.
 */
/**
 * How many bytes of a range an answer sends came from the cache (docs/mirror.md, counters): all of a hit's; of a pull
 * joined, those on disk when the answer began, fetched for someone else (another client's pull, or an earlier one's
 * bytes a resumed pull has); none of what the pull fetched for the client that started it, nor what arrives meanwhile.
 */
function cachedBytes(
  source: BlobSource,
  served: MirrorResult,
  client: string,
): (start: number, end: number) => number {
  if (served === 'hit') return (start, end) => end - start;
  if (source.kind !== 'pulling' || source.blob.startedBy === client) return () => 0;
  return source.blob.onDiskNow().coveredBytes;
}

function servedAs(source: BlobSource, pausedOnDisk: boolean): Exclude<MirrorResult, 'unavailable'> {
  if (source.kind === 'cached' || pausedOnDisk) return 'hit';
  if (source.started) return 'miss';
  return source.blob.allWritten ? 'hit' : 'partial';
}
