/**
 * The text of one small repo file (a model card), capped: at most `maxBytes` are requested (Range) and
 * kept. Redirects are followed by hand (at most MAX_REDIRECTS): the token goes only to the endpoint's host
 * (hubHeaders), never to a CDN (docs/hub-protocol.md §1.3, §1.5).
 */
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { type HubCallOptions, hubRequest } from './hub-request.js';
import type { HubConfig, RepoRef } from './types.js';
import { resolveUrl } from './urls.js';

const MAX_REDIRECTS = 5;

export interface SmallFileText {
  text: string;
  /** True when the file is longer than what was read. */
  truncated: boolean;
}

export async function readSmallFile(
  hub: HubConfig,
  repo: RepoRef,
  commit: string,
  path: string,
  size: number,
  maxBytes: number,
  options: HubCallOptions = {},
): Promise<SmallFileText> {
  let url = resolveUrl(hub.endpoint, repo, commit, path);
  const truncated = size > maxBytes;
  const headers: Record<string, string> = truncated ? { range: `bytes=0-${maxBytes - 1}` } : {};
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await hubRequest(hub, url, {
      ...options,
      headers,
      context: { repo, revision: commit, path },
    });
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && typeof location === 'string') {
      url = new URL(location, url).href;
      continue;
    }
    const bytes = Buffer.from(response.text, 'utf8');
    const text = bytes.length > maxBytes ? bytes.subarray(0, maxBytes).toString('utf8') : response.text;
    return { text, truncated: truncated || bytes.length > maxBytes };
  }
  throw new HubgetError(
    'HUB_HTTP_ERROR',
    `Too many redirects while reading ${shellWord(path)} of ${repo.repoId}`,
  );
}
