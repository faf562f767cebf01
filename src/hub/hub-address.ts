/**
 * What a pasted Hub address names: `https://huggingface.co/org/name`, `…/datasets/org/name`,
 * `…/spaces/org/name`, with `/tree/<rev>`, `/blob/<rev>/<path>`, `/resolve/<rev>/<path>` or
 * `/commit/<sha>` after it (the revision, percent-decoded: `refs%2Fpr%2F1`), the same without `https://`
 * on huggingface.co or hf.co, or an id after a `datasets/`, `spaces/` or `models/` prefix. The repo id it
 * yields is not validated here: parseRepoRef (repo-id.ts) stays the one validator. Pure (the web UI bundles it).
 */
import type { RepoType } from './types.js';

export interface HubAddress {
  repoId: string;
  repoType: RepoType;
  /** The revision the address points at, when it names one. */
  revision?: string;
}

const TYPE_OF_PREFIX: Record<string, RepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' };
/** Pages of a repo on the Hub whose next segment is a revision. */
const REVISION_PAGES = new Set(['tree', 'blob', 'resolve', 'commit']);
/** Other pages of a repo: what comes before them is the repo id (which may have no namespace). */
const REPO_PAGES = new Set([...REVISION_PAGES, 'discussions', 'commits', 'settings', 'edit', 'raw']);
const URL_PATTERN = /^https?:\/\/[^/?#]+\/([^?#]*)/i;
const BARE_HUB_PATTERN = /^(?:www\.)?(?:huggingface\.co|hf\.co)\/([^?#]*)/i;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The repo an address or prefixed id names, or null for anything else (a plain id, free text). */
export function parseHubAddress(text: string): HubAddress | null {
  const input = text.trim();
  const url = URL_PATTERN.exec(input) ?? BARE_HUB_PATTERN.exec(input);
  const path = url ? url[1]! : input;
  const segments = path.split('/').filter((segment) => segment !== '');
  const prefixType = TYPE_OF_PREFIX[segments[0]?.toLowerCase() ?? ''];
  if (!url && !prefixType) return null;
  const rest = prefixType ? segments.slice(1) : segments;
  if (rest.length === 0) return null;
  const idLength = rest.length === 1 || REPO_PAGES.has(rest[1]!) ? 1 : 2;
  const after = rest.slice(idLength);
  const address: HubAddress = { repoId: rest.slice(0, idLength).join('/'), repoType: prefixType ?? 'model' };
  if (REVISION_PAGES.has(after[0] ?? '') && after[1]) address.revision = decode(after[1]);
  return address;
}
