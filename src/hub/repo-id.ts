/**
 * Repository ids as the Hub validates them (huggingface_hub `validate_repo_id`; `--` would break the cache folder names
 * of docs/hub-disk-layout.md §3.2): the one validator of hubget. The jobs service and the CLI call parseRepoRef, the
 * web form calls it before submitting, and the server's JSON schema (so /api/openapi.json) uses REPO_ID_PATTERN and
 * MAX_REPO_ID_LENGTH, built below from the same constants. Pure: no Node imports (the web UI bundles it).
 */
import { HubgetError } from '../errors.js';
import { GIT_OID_SOURCE, isGitOid } from './hex-ids.js';
import type { RepoRef, RepoType } from './types.js';

/** Longest namespace or name. */
export const MAX_REPO_NAME_LENGTH = 96;
const CHAR = 'A-Za-z0-9_';
/** One part: letters, digits, `_`, `-`, `.`; starts and ends with a letter, digit or `_`. */
const PART_SOURCE = `[${CHAR}](?:[${CHAR}.-]{0,${MAX_REPO_NAME_LENGTH - 2}}[${CHAR}])?`;
const PART = new RegExp(`^[${CHAR}](?:[${CHAR}.-]*[${CHAR}])?$`);
const TYPE_PREFIXES = ['datasets', 'spaces', 'models'] as const;
const TYPE_ALIASES: Record<string, RepoType> = {
  model: 'model',
  models: 'model',
  dataset: 'dataset',
  datasets: 'dataset',
  space: 'space',
  spaces: 'space',
};

/** One namespace or name (the path parameters of the delete routes), as a JSON-schema pattern. */
export const REPO_NAME_PATTERN = `^(?!.*(?:--|\\.\\.))(?!.*\\.git$)${PART_SOURCE}$`;

/** Longest id accepted: a type prefix (`datasets/`), a namespace, `/` and a name. */
export const MAX_REPO_ID_LENGTH =
  Math.max(...TYPE_PREFIXES.map((prefix) => prefix.length + 1)) + 2 * MAX_REPO_NAME_LENGTH + 1;

/**
 * The same rules as parseRepoRef as one regular expression, for JSON schemas: optional type prefix,
 * optional namespace, name; no `--` or `..`; no trailing `.git`; no surrounding spaces.
 */
export const REPO_ID_PATTERN = `^(?!.*(?:--|\\.\\.))(?!.*\\.git$)(?:(?:${TYPE_PREFIXES.join('|')})/)?(?:${PART_SOURCE}/)?${PART_SOURCE}$`;

/** What a valid id looks like, for error messages and the schema's description. */
export const REPO_ID_HINT =
  `expected "name" or "org/name" (optionally after "datasets/" or "spaces/"): letters, digits, "_", "-", "." ` +
  `(no "--" or ".."), at most ${MAX_REPO_NAME_LENGTH} characters per part`;

function invalid(repoId: string, why: string): HubgetError {
  return new HubgetError('INVALID_REPO_ID', `Invalid repository id "${repoId}": ${why}`, {
    details: { repoId },
  });
}

export function parseRepoType(repoType: string | undefined): RepoType {
  if (repoType === undefined || repoType === '') return 'model';
  const type = TYPE_ALIASES[repoType.toLowerCase()];
  if (!type) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `Unknown repository type "${repoType}": use model, dataset or space`,
    );
  }
  return type;
}

/** Why `repoId` is not a valid id (parseRepoRef's message), or null when it is. */
export function repoIdError(repoId: string, repoType?: string): string | null {
  try {
    parseRepoRef(repoId, repoType);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Parse and validate a repo id (`org/name` or canonical `name`). A `datasets/` or `spaces/` prefix (as
 * in Hub URLs and @huggingface/hub) selects the type; with an explicit type it must agree with it.
 */
export function parseRepoRef(repoId: string, repoType?: string): RepoRef {
  let id = repoId.trim();
  let type = parseRepoType(repoType);
  const url = /^https?:\/\/[^/]+\/(.+)$/.exec(id);
  if (url) {
    const path = url[1]!.replace(/\/(resolve|blob|tree)\/.*$/, '').replace(/\/$/, '');
    throw invalid(repoId, `pass the id, not a URL: try "${path}"`);
  }
  const prefixed = new RegExp(`^(${TYPE_PREFIXES.join('|')})/(.+)$`).exec(id);
  if (prefixed && prefixed[2]!.split('/').length <= 2) {
    const prefixType = TYPE_ALIASES[prefixed[1]!]!;
    if (repoType !== undefined && repoType !== '' && prefixType !== type) {
      throw invalid(repoId, `the "${prefixed[1]}/" prefix names a ${prefixType}, but the type is ${type}`);
    }
    type = prefixType;
    id = prefixed[2]!;
  }
  if (id === '') throw invalid(repoId, 'it is empty; expected "org/name", e.g. "openai-community/gpt2"');
  const parts = id.split('/');
  if (parts.length > 2) {
    throw invalid(repoId, `it has ${parts.length - 1} slashes; expected "org/name" (at most one "/")`);
  }
  if (id.includes('--') || id.includes('..')) {
    throw invalid(repoId, '"--" and ".." are not allowed in repository ids');
  }
  if (id.endsWith('.git')) throw invalid(repoId, 'drop the trailing ".git"');
  for (const part of parts) {
    if (part === '') throw invalid(repoId, 'the organisation and the name must not be empty');
    if (part.length > MAX_REPO_NAME_LENGTH) {
      throw invalid(repoId, `"${part.slice(0, 20)}…" is longer than ${MAX_REPO_NAME_LENGTH} characters`);
    }
    if (!PART.test(part)) {
      throw invalid(
        repoId,
        `"${part}" may only contain letters, digits, "_", "-" and ".", and must start and end with a letter, digit or "_"`,
      );
    }
  }
  return { repoId: id, repoType: type };
}

/** A full commit hash as the Hub names commits: 40 lowercase hex characters (docs/hub-downloaders.md §6.9). */
export const FULL_COMMIT_PATTERN = `^${GIT_OID_SOURCE}$`;

export function isFullCommit(value: string): boolean {
  return isGitOid(value);
}
