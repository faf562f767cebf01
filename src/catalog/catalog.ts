/**
 * The model catalog: models offered for one-click download. A JSON file — an array of entries, or
 * `{ "models": [...] }` — validated entry by entry so a mistake is reported with the entry that holds it.
 * JSON only: a list like this needs nothing more, and one format keeps its errors precise.
 *
 * The default catalog ships as `default-catalog.json` beside this module and is read at run time relative
 * to `import.meta.url`. `tsc` copies a JSON file to `dist/` only when the program references it, hence the
 * type-only reference below (it emits no import, so Node never loads the JSON as a module).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiRepoType, CatalogEntry } from '../api-types.js';
import { localDirNameProblem } from '../cache/managed-local-dir.js';
import { validateRelativePath } from '../cache/safe-path.js';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { REPO_TYPES } from '../hub/types.js';

/** Keeps `default-catalog.json` in the build output (see above). */
export type ShippedCatalog = typeof import('./default-catalog.json');

export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('./default-catalog.json', import.meta.url));

const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}(\/[\w.-]{1,96})?$/;
const KNOWN_FIELDS = new Set([
  'id',
  'repoId',
  'repoType',
  'name',
  'description',
  'include',
  'target',
  'approxBytes',
]);

/** Validate one raw entry; throws a message naming the field (the caller adds which entry). */
function parseEntry(raw: unknown): CatalogEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('is not an object');
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) throw new Error(`has an unknown field "${key}"`);
  }
  const { repoId, repoType = 'model', name, description = '', include = [], target = 'cache' } = record;
  if (typeof repoId !== 'string' || !REPO_ID.test(repoId) || repoId.includes('--') || repoId.includes('..')) {
    throw new Error(`has an invalid repoId ${JSON.stringify(repoId)} (expected "org/name")`);
  }
  const id = record.id ?? repoId.toLowerCase().replaceAll('/', '-');
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new Error(`has an invalid id ${JSON.stringify(id)} (lowercase letters, digits, ".", "_", "-")`);
  }
  if (!REPO_TYPES.includes(repoType as ApiRepoType)) {
    throw new Error(`has an invalid repoType ${JSON.stringify(repoType)} (model, dataset or space)`);
  }
  if (typeof name !== 'string' || name.trim() === '') throw new Error('needs a non-empty "name"');
  if (typeof description !== 'string') throw new Error('has a "description" that is not a string');
  if (!Array.isArray(include) || include.some((pattern) => typeof pattern !== 'string' || pattern === '')) {
    throw new Error('has an "include" that is not a list of non-empty patterns');
  }
  if (typeof target !== 'string' || target === '')
    throw new Error('needs a "target": "cache" or a folder name');
  if (target !== 'cache') {
    try {
      validateRelativePath(target);
    } catch {
      throw new Error(
        `has an unsafe target folder ${JSON.stringify(target)} (must stay inside the models dir)`,
      );
    }
    // The folder a download of the entry writes to: one the server manages (src/cache/managed-local-dir.ts).
    const problem = target.includes('/') ? 'nested' : localDirNameProblem(target);
    if (problem !== null) {
      throw new Error(
        `has a target folder ${JSON.stringify(target)} that is ${problem}: it must be one folder name directly under the models dir`,
      );
    }
  }
  const approxBytes = record.approxBytes ?? null;
  if (
    approxBytes !== null &&
    (typeof approxBytes !== 'number' || !Number.isSafeInteger(approxBytes) || approxBytes < 0)
  ) {
    throw new Error('has an "approxBytes" that is not a whole number of bytes');
  }
  return {
    id,
    repoId,
    repoType: repoType as ApiRepoType,
    name: name.trim(),
    description,
    include: [...(include as string[])],
    target,
    approxBytes: approxBytes as number | null,
  };
}

/** Validate a parsed catalog document; `source` names it in error messages. */
export function parseCatalog(document: unknown, source = 'catalog'): CatalogEntry[] {
  const list = Array.isArray(document)
    ? document
    : typeof document === 'object' &&
        document !== null &&
        Array.isArray((document as { models?: unknown }).models)
      ? (document as { models: unknown[] }).models
      : null;
  if (!list) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      colonAfter(source, 'expected a JSON array of entries or {"models": [...]}'),
    );
  }
  const entries: CatalogEntry[] = [];
  const ids = new Set<string>();
  list.forEach((raw, index) => {
    const label =
      (raw as { id?: unknown; repoId?: unknown } | null)?.id ?? (raw as { repoId?: unknown })?.repoId;
    const where = colonAfter(
      source,
      `entry #${index + 1}${typeof label === 'string' ? ` ("${label}")` : ''}`,
    );
    let entry: CatalogEntry;
    try {
      entry = parseEntry(raw);
    } catch (error) {
      throw new HubgetError('INVALID_ARGUMENT', `${where} ${(error as Error).message}`, {
        details: { source, index },
      });
    }
    if (ids.has(entry.id)) {
      throw new HubgetError('INVALID_ARGUMENT', `${where} repeats the id "${entry.id}"`, {
        details: { source, index },
      });
    }
    ids.add(entry.id);
    entries.push(entry);
  });
  return entries;
}

/** Load and validate a catalog file; without a path, the shipped default catalog. */
export async function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Promise<CatalogEntry[]> {
  if (/\.ya?ml$/i.test(path)) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      colonAfter(shellWord(path), 'YAML catalogs are not supported; write the catalog as JSON', true),
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Cannot read catalog ${shellWord(path)}`, code ?? (error as Error).message, true),
      {
        cause: error,
      },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      colonAfter(shellWord(path), `not valid JSON (${(error as Error).message})`, true),
      {
        cause: error,
      },
    );
  }
  return parseCatalog(document, path);
}

/**
 * The repo a catalog entry downloads into a local folder, by that folder: lets the external-download
 * watcher name the repo of another program's download into `{modelsDir}/<target>` (the temp files
 * alone do not say which repo they belong to).
 */
export function repoForCatalogFolder(
  modelsDir: string,
  entries: readonly CatalogEntry[],
): (folder: string) => { repoId: string; repoType: ApiRepoType } | null {
  const byFolder = new Map<string, { repoId: string; repoType: ApiRepoType }>();
  for (const entry of entries) {
    if (entry.target === 'cache') continue;
    byFolder.set(resolve(modelsDir, entry.target), { repoId: entry.repoId, repoType: entry.repoType });
  }
  return (folder) => byFolder.get(resolve(folder)) ?? null;
}
