/**
 * Where a transfer GETs a file: its `/resolve/` URL itself, with no HEAD first (docs/hub-protocol.md §1.4).
 * The listing already gave the size and the hash, so the first ranged GET on `/resolve/` follows the
 * redirects (307 to the resolve cache for regular files, 302 to the CDN for LFS/Xet files) and brings the
 * bytes and the headers together; requestRange reports the final URL and SegmentedFetch range-GETs it for the
 * rest of the file. When a signed CDN URL expires (403/410, docs/hub-downloaders.md §6.6) the resolver hands out the
 * `/resolve/` URL again: a new GET on it is the re-resolve and yields a freshly signed redirect.
 *
 * The token goes only to the endpoint's own host; requestRange drops it when a redirect changes host.
 * Nothing is trusted from the response but bytes: size is checked against Content-Range, content against
 * the listing's hash at the end (transfer-file.ts).
 */
import { authorizationFor } from '../hub/http.js';
import type { HubConfig, RepoRef } from '../hub/types.js';
import { resolveUrl } from '../hub/urls.js';
import type { UrlResolver } from './types.js';

export function fileUrlResolver(hub: HubConfig, repo: RepoRef, commit: string, path: string): UrlResolver {
  const url = resolveUrl(hub.endpoint, repo, commit, path);
  const headers: Record<string, string> = authorizationFor(url, hub.endpoint, hub.token);
  if (hub.userAgent) headers['user-agent'] = hub.userAgent;
  return async () => ({ url, headers: { ...headers } });
}
