/**
 * Empty files need no byte: what the mirror's kept listing of a commit says of them is all of them.
 */
import { byPath } from '../code-unit-order.js';
import type { RepoFile } from '../hub/index.js';

/**
 * `files` and the empty files of the commit's kept listing (`kept`), in path order: an empty file needs no byte, so
 * the cache holds it whether or not a client ever asked for it (hubget's own client never does: it writes an empty
 * file itself), and it is answered while the upstream is unreachable, with --mirror-offline and during a rate limit
 * as any cached file (FileRequests.resolve). Before, such a file was a `503` while the upstream was unreachable and
 * a `404` missing from every listing with --mirror-offline.
 */
export function withEmptyFiles(
  files: ReadonlyMap<string, RepoFile>,
  kept: ReadonlyMap<string, RepoFile> | undefined,
): ReadonlyMap<string, RepoFile> {
  const empty = [...(kept?.values() ?? [])].filter((file) => file.size === 0 && !files.has(file.path));
  if (empty.length === 0) return files;
  return new Map([...files.values(), ...empty].sort(byPath).map((file) => [file.path, file]));
}
