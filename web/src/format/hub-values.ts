/** Where the UI links a Hub repo, and what of a search result is here. Counts and dates: formatCount / formatDay in src/format/units.ts. */
import type { ApiRepoType, HubSearchResult } from '../../../src/api-types.js';
import { parseRepoRef } from '../../../src/hub/repo-id.js';

/** Where a repo's page lives in the UI: `/models/org/name` or `/datasets/org/name`. */
export function repoPageHref(repoType: 'model' | 'dataset', repoId: string): string {
  return `/${repoType === 'dataset' ? 'datasets' : 'models'}/${repoId.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Where a folder under the models dir that names no repo (InstalledModel.unnamedRepo) has its page: `/folders/{name}`,
 * the folder's name one path segment (a sub-folder's `/` encoded). folderOfPath reads it back.
 */
export function folderPageHref(localFolder: string): string {
  return `/folders/${encodeURIComponent(localFolder)}`;
}

/** The folder a `/folders/{name}` address names, or null for another address. */
export function folderOfPath(pathname: string): string | null {
  const match = /^\/folders\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/**
 * The page of the repo a row names (a model in the Model Manager, a download), or null when it has none: a
 * Space has no page in this UI, and another program's download of a folder may name no repo (its id is
 * empty); an id the server's validator refuses is no repo either.
 */
export function repoPageHrefOf(repoType: ApiRepoType, repoId: string): string | null {
  try {
    const ref = parseRepoRef(repoId, repoType);
    return ref.repoType === 'space' ? null : repoPageHref(ref.repoType, ref.repoId);
  } catch {
    return null;
  }
}

/**
 * The licence a repo's Hub tags name (`license:apache-2.0` → `apache-2.0`; the Hub tags every repo with its
 * card's `license`), or null. Shown before a download, also where the card is not readable (a gated repo).
 */
export function licenseOfTags(tags: readonly string[]): string | null {
  const tag = tags.find((candidate) => candidate.startsWith('license:'));
  const license = tag?.slice('license:'.length).trim();
  return license ? license : null;
}

/**
 * What of a search result is here and where (GET /api/hub/search's `installedQuants` and `copies`): "Q2_K, Q6_K in
 * HF cache, folder tiny", "in folder tiny" for a repo without GGUF quantizations; null when nothing is.
 */
export function searchResultHere(
  item: Pick<HubSearchResult, 'installed' | 'copies' | 'installedQuants'>,
): string | null {
  if (!item.installed || item.copies.length === 0) return null;
  const places = item.copies.map((copy) =>
    copy.location === 'cache' ? 'HF cache' : `folder ${copy.localFolder}`,
  );
  const quants = item.installedQuants.length > 0 ? `${item.installedQuants.join(', ')} ` : '';
  return `${quants}in ${places.join(', ')}`;
}
