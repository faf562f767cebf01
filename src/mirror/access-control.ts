/**
 * The mirror never gives a client what the Hub would not give that client (docs/mirror.md). For a gated
 * or private repo the client's own `Authorization` is forwarded to the upstream (a HEAD on the file, or the
 * repo info) and the answer is remembered per token and repo for `ttlMs`; without a token the answer is
 * the Hub's 401, even when the files are cached. A token sent for a public repo is checked too: the Hub refuses
 * one it does not accept even there (#checkToken). Tokens are kept only as sha256 digests, never logged.
 */
import { createHash } from 'node:crypto';
import {
  headerValue,
  isRetryableStatus,
  type RepoRef,
  resolveUrl,
  revisionInfoUrl,
  whoAmIUrl,
} from '../hub/index.js';
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
    if (visibility !== undefined && !isRestricted(visibility)) {
      if (authorization) await this.#checkToken(authorization);
      return;
    }
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
    const key = `${tokenDigest(authorization)}:${repo.repoType}:${repo.repoId}`;
    let decision = this.#remembered(key);
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
      this.#remember(key, decision);
    }
    if (!decision.ok) throw new MirrorError(decision.status, decision.message, decision.code);
  }

  /**
   * A token sent for a public repo: the Hub answers one it does not accept `401 Invalid credentials in Authorization
   * header` even there, so the mirror does too (its `whoami-v2`, remembered per token for `ttlMs`), rather than give
   * a client what the Hub would refuse it. No verdict when the upstream cannot give one (unreachable, offline, a
   * `429` or `5xx`): a public file is served, and the token asked about again next time.
   */
  async #checkToken(authorization: string): Promise<void> {
    const key = `token:${tokenDigest(authorization)}`;
    let decision = this.#remembered(key);
    if (decision === undefined) {
      const response = await this.#upstream
        .send('GET', whoAmIUrl(''), { authorization, headers: { 'accept-encoding': 'identity' } })
        .catch((error: unknown) => {
          if (error instanceof UpstreamUnreachable) return undefined;
          throw error;
        });
      if (response === undefined || isRetryableStatus(response.status)) return;
      decision =
        response.status === 401
          ? {
              ok: false,
              status: 401,
              message:
                headerValue(response.headers, 'x-error-message') ??
                'Invalid credentials in Authorization header',
            }
          : { ok: true };
      this.#remember(key, decision);
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

  /** A verdict given less than `ttlMs` ago. */
  #remembered(key: string): Decision | undefined {
    const kept = this.#decisions.get(key);
    return kept && this.#now() - kept.at < this.#ttlMs ? kept.decision : undefined;
  }

  #remember(key: string, decision: Decision): void {
    this.#decisions.set(key, { decision, at: this.#now() });
    this.#prune();
  }

  #prune(): void {
    if (this.#decisions.size < 10_000) return;
    const now = this.#now();
    for (const [key, { at }] of this.#decisions) if (now - at >= this.#ttlMs) this.#decisions.delete(key);
  }
}

/** How a token is kept: its sha256, never the token. */
function tokenDigest(authorization: string): string {
  return createHash('sha256').update(authorization).digest('hex');
}
