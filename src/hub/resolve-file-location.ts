/**
 * Where to range-GET one file, from a HEAD on its resolve URL (docs/hub-protocol.md §1.4):
 * relative redirects are followed (path only), an absolute redirect to another host is the CDN URL.
 */
import { HubgetError } from '../errors.js';
import { headerValue } from './headers.js';
import { mirrorMissingHeaders } from './hub-errors.js';
import { type HubCallOptions, hubRequest } from './hub-request.js';
import { isFullCommit } from './repo-id.js';
import type { FileLocation, HubConfig, RepoRef } from './types.js';
import { resolveUrl } from './urls.js';

const MAX_REDIRECTS = 10;

/** Strip a weak `W/` prefix and surrounding quotes (§1.4 step 2). */
export function normaliseEtag(etag: string): string {
  return etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

export interface ListingFallback {
  /** Size from the tree listing. */
  size: number;
  /** Blob id from the tree listing (lfs.oid or oid). */
  etag: string;
}

export interface ResolveFileLocationParams extends HubCallOptions {
  hub: HubConfig;
  repo: RepoRef;
  commit: string;
  /** The file's path in the repo. */
  path: string;
  /** Size and blob id from the listing, for a mirror that omits the headers. */
  fallback?: ListingFallback;
}

export async function resolveFileLocation(params: ResolveFileLocationParams): Promise<FileLocation> {
  const { hub, repo, commit, path, fallback, ...options } = params;
  const endpointHost = new URL(hub.endpoint).host;
  let url = resolveUrl(hub.endpoint, repo, commit, path);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await hubRequest(hub, url, {
      ...options,
      method: 'HEAD',
      // Size of the content, not of a gzip encoding (§1.2).
      headers: { 'accept-encoding': 'identity' },
      context: { repo, revision: commit, path },
    });
    const headers = response.headers;
    const location = headerValue(headers, 'location');
    const redirect = isRedirect(response.status) && location !== undefined;
    if (redirect) {
      const target = new URL(location, url);
      const relative = !/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('//');
      if (relative) {
        // Python replaces only the path and drops the Location's query (§1.4 step 1).
        const next = new URL(url);
        next.pathname = target.pathname;
        next.search = '';
        url = next.href;
        continue;
      }
      if (target.host === endpointHost) {
        // An absolute redirect on the endpoint's own host (a mirror 308-ing to itself): keep following,
        // the token stays valid there (HH PR #4739).
        url = target.href;
        continue;
      }
    }
    const finalUrl = redirect ? new URL(location, url).href : url;
    const linkedEtag = headerValue(headers, 'x-linked-etag');
    const plainEtag = headerValue(headers, 'etag');
    const linkedSize = headerValue(headers, 'x-linked-size');
    const contentLength = headerValue(headers, 'content-length');
    // A redirect's ETag names the redirect, not the content; a mirror without X-Linked-Etag → listing.
    const etag =
      linkedEtag ??
      (!redirect ? plainEtag : undefined) ??
      fallback?.etag ??
      (redirect ? plainEtag : undefined);
    // Never a redirect's Content-Length (§1.4 step 2, §6.2).
    const sizeText = linkedSize ?? (!redirect ? contentLength : undefined);
    const size = sizeText !== undefined && /^\d+$/.test(sizeText.trim()) ? Number(sizeText) : fallback?.size;
    const missing: string[] = [];
    if (etag === undefined) missing.push('X-Linked-Etag/ETag');
    if (size === undefined) missing.push('X-Linked-Size/Content-Length');
    if (missing.length) throw mirrorMissingHeaders(url, missing);
    const repoCommit = headerValue(headers, 'x-repo-commit');
    if (repoCommit !== undefined && isFullCommit(commit) && repoCommit !== commit) {
      throw new HubgetError(
        'CONTENT_CHANGED',
        `The Hub resolved ${path} at commit ${repoCommit}, not the pinned commit ${commit}`,
        { details: { path, commit, repoCommit } },
      );
    }
    return {
      url: finalUrl,
      sendToken: new URL(finalUrl).host === endpointHost,
      etag: normaliseEtag(etag!),
      size: size!,
      commit: repoCommit ?? commit,
    };
  }
  throw new HubgetError('HUB_HTTP_ERROR', `Too many redirects resolving ${path} in ${repo.repoId}`);
}
