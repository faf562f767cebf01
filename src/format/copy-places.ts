/**
 * Where a download copies a file from instead of fetching it, one place per planned copy
 * (PlannedFile.copiedFrom), and the words for a plan's places (the CLI's plan and done lines, `--dry-run`, the
 * server's preview in the web UI). Pure, so the UI bundles it. Places (docs/cache-layout.md):
 * - the HF cache: a local-dir run's copy of the repo's own blob (`{ from: 'hf-cache' }`), or a blob another repo's
 *   folder there holds, a fork's or the repo's under its old name (`repoId` names that repo);
 * - a local dir under the models folder, for a run into the cache (`dir`).
 */
import { listWords } from './path-punctuation.js';
import { shellWord } from './shell-word.js';

export type CopyPlace = { from: 'hf-cache'; repoId?: string } | { from: 'local-dir'; dir: string };

const keyOf = (place: CopyPlace): string =>
  place.from === 'local-dir' ? `local-dir:${place.dir}` : `hf-cache:${place.repoId ?? ''}`;

/** Each place once, in the order given (a plan's files' order). */
export function distinctPlaces(places: Iterable<CopyPlace | undefined>): CopyPlace[] {
  const seen = new Map<string, CopyPlace>();
  for (const place of places)
    if (place !== undefined && !seen.has(keyOf(place))) seen.set(keyOf(place), place);
  return [...seen.values()];
}

/**
 * What another repo's folder in the HF cache holds of a file or quantization, said where it is marked as here
 * (`hubget info`'s HERE, the model page's tags): `cached as other/fork`, `cached as other/fork +1` for each other
 * one; null for none.
 */
export function cachedAsWords(repos: readonly string[]): string | null {
  const [first, ...others] = repos;
  return first === undefined ? null : `cached as ${first}${others.length > 0 ? ` +${others.length}` : ''}`;
}

/** The HF cache, in words: where a local-dir run's copies all come from (its repo's blobs, or another repo's). */
export const HF_CACHE_WORDS = 'the HF cache';

/** `the HF cache`, `org/fork in the HF cache`, `the HF cache (this repo, org/fork)` (`org/a; org/b`: listWords). */
function cacheWords(own: boolean, repos: readonly string[]): string {
  if (repos.length === 0) return HF_CACHE_WORDS;
  if (!own && repos.length === 1) return `${repos[0]} in the HF cache`;
  return `the HF cache (${listWords([...(own ? ['this repo'] : []), ...repos])})`;
}

/**
 * `the local dir /home/ada/models/x`, `2 local dirs (/a; /b)`: no comma glued to a path (path-punctuation.ts), and
 * one with a space quoted (`'/m/my model'`: shell-word.ts).
 */
function localDirWords(dirs: readonly string[]): string {
  const said = dirs.map(shellWord);
  return said.length === 1 ? `the local dir ${said[0]}` : `${said.length} local dirs (${listWords(said)})`;
}

/**
 * Where copies come from, each place named (a local dir by its path, whole, as the CLI prints paths in its lines;
 * another repo's cache folder by the repo id): `the HF cache`, `the local dir /m/x`, `org/fork in the HF cache`,
 * `the local dir /m/x and org/fork in the HF cache`. No place known (an event of an older run): `the HF cache`.
 */
export function copyPlacesWords(places: readonly CopyPlace[]): string {
  const dirs = places.flatMap((place) => (place.from === 'local-dir' ? [place.dir] : []));
  const inCache = places.filter((place) => place.from === 'hf-cache');
  const repos = inCache.flatMap((place) => (place.repoId === undefined ? [] : [place.repoId]));
  const own = inCache.some((place) => place.repoId === undefined);
  const parts = [
    ...(dirs.length > 0 ? [localDirWords(dirs)] : []),
    ...(own || repos.length > 0 ? [cacheWords(own, repos)] : []),
  ];
  return parts.length === 0 ? HF_CACHE_WORDS : parts.join(' and ');
}
