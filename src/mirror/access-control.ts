/**
 * The mirror never gives a client what the Hub would not give that client (docs/mirror.md). For a gated
 * or private repo the client's own `Authorization` is forwarded to the upstream (a HEAD on the file, or the
 * repo info) and the answer is remembered per token and repo for `ttlMs`; without a token the answer is
 * the Hub's 401, even when the files are cached. Tokens are kept only as sha256 digests, never logged.
 */
import { createHash } from 'node:crypto';
import { headerValue, isRetryableStatus, type RepoRef, resolveUrl, revisionInfoUrl } from '../hub/index.js';
import { type HubErrorCode, MirrorError, needsUpstream } from './mirror-errors.js';
import { type Upstream, UpstreamUnreachable } from './upstream.js';
import { isRestricted, type Visibility } from './visibility-store.js';

export interface AccessProbe {
  revision: string;
  /** A file to HEAD; omitted → the repo info endpoint. */
  path?: string;
}

type Decision = { ok: true } | { ok: false; status: number; code?: HubErrorCode; message: string };

const HUB_CODES = new Set<string>(['RepoNotFound', 'RevisionNotFound', 'EntryNotFound', 'GatedRepo']);

export class AccessControl {
  readonly #upstream: Upstream;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #decisions = new Map<string, { decision: Decision; at: number }>();

  constructor(options: { upstream: Upstream; ttlMs?: number; now?: () => number }) {
    this.#upstream = options.upstream;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Resolves when the client may read `repo`; throws the Hub's refusal otherwise. */
  async check(
    repo: RepoRef,
    visibility: Visibility | undefined,
    authorization: string | undefined,
    probe: AccessProbe,
  ): Promise<void> {
    if (visibility !== undefined && !isRestricted(visibility)) return;
    if (visibility === undefined) {
      // Known only offline (from the cache): not known to be restricted, nor public; the upstream can tell.
      throw needsUpstream(
        `${repo.repoId} was never fetched through this mirror while the upstream Hub answered, so only the upstream can say who may read it`,
        ', and it is unreachable: try again when it is back',
      );
    }
    const gated = visibility?.gated === true && !visibility.private;
    if (!authorization) {
      throw gated
        ? new MirrorError(
            401,
            `Access to ${repo.repoId} is restricted: it is gated, pass a token with access`,
            'GatedRepo',
          )
        : new MirrorError(
            401,
            `Repository ${repo.repoId} not found, or it is private and no token was sent`,
            'RepoNotFound',
          );
    }
    const key = `${createHash('sha256').update(authorization).digest('hex')}:${repo.repoType}:${repo.repoId}`;
    const cached = this.#decisions.get(key);
    let decision = cached && this.#now() - cached.at < this.#ttlMs ? cached.decision : undefined;
    if (decision === undefined) {
      try {
        decision = await this.#ask(repo, authorization, probe);
      } catch (error) {
        if (!(error instanceof UpstreamUnreachable)) throw error;
        throw needsUpstream(
          `${repo.repoId} is restricted and only the upstream Hub can check this token's access`,
          ', which is unreachable: try again when it is back',
        );
      }
      this.#decisions.set(key, { decision, at: this.#now() });
      this.#prune();
    }
    if (!decision.ok) throw new MirrorError(decision.status, decision.message, decision.code);
  }

  async #ask(repo: RepoRef, authorization: string, probe: AccessProbe): Promise<Decision> {
    const target =
      probe.path === undefined
        ? revisionInfoUrl('', repo, probe.revision)
        : resolveUrl('', repo, probe.revision, probe.path);
    const response = await this.#upstream.send(probe.path === undefined ? 'GET' : 'HEAD', target, {
      authorization,
      headers: { 'accept-encoding': 'identity' },
    });
    // 404 EntryNotFound / RevisionNotFound is about the file, not about access: the resolve answers it.
    const code = headerValue(response.headers, 'x-error-code');
    if (response.status < 400 || code === 'EntryNotFound' || code === 'RevisionNotFound') return { ok: true };
    if (isRetryableStatus(response.status)) {
      // No verdict on the token (rate-limited, the upstream failing): passed on with the wait it asks, and not
      // remembered — before, a 429 here refused the token for 5 minutes.
      const retryAfter = headerValue(response.headers, 'retry-after');
      throw new MirrorError(
        response.status,
        headerValue(response.headers, 'x-error-message') ??
          `The upstream Hub answered HTTP ${response.status}`,
        undefined,
        retryAfter === undefined ? {} : { 'retry-after': retryAfter },
      );
    }
    const message = headerValue(response.headers, 'x-error-message') ?? `Access to ${repo.repoId} refused`;
    return {
      ok: false,
      status: response.status,
      message,
      ...(code !== undefined && HUB_CODES.has(code) ? { code: code as HubErrorCode } : {}),
    };
  }

  #prune(): void {
    if (this.#decisions.size < 10_000) return;
    const now = this.#now();
    for (const [key, { at }] of this.#decisions) if (now - at >= this.#ttlMs) this.#decisions.delete(key);
  }
}
