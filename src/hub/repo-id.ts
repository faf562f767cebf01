/** Repository ids as the Hub validates them (HH `utils/_validators.py` `validate_repo_id`). */
import { HubgetError } from '../errors.js';
import type { RepoRef, RepoType } from './types.js';

const PART = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const MAX_NAME_LENGTH = 96;
const TYPE_ALIASES: Record<string, RepoType> = {
  model: 'model',
  models: 'model',
  dataset: 'dataset',
  datasets: 'dataset',
  space: 'space',
  spaces: 'space',
};

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

/**
 * Parse and validate a repo id (`org/name` or canonical `name`). Without an explicit type, a
 * `datasets/` or `spaces/` prefix (as in Hub URLs and @huggingface/hub) selects the type.
 */
export function parseRepoRef(repoId: string, repoType?: string): RepoRef {
  let id = repoId.trim();
  let type = parseRepoType(repoType);
  const url = /^https?:\/\/[^/]+\/(.+)$/.exec(id);
  if (url) {
    const path = url[1]!.replace(/\/(resolve|blob|tree)\/.*$/, '').replace(/\/$/, '');
    throw invalid(repoId, `pass the id, not a URL: try "${path}"`);
  }
  if (repoType === undefined) {
    const prefixed = /^(datasets|spaces|models)\/(.+)$/.exec(id);
    if (prefixed && prefixed[2]!.split('/').length <= 2) {
      type = TYPE_ALIASES[prefixed[1]!]!;
      id = prefixed[2]!;
    }
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
    if (part.length > MAX_NAME_LENGTH) {
      throw invalid(repoId, `"${part.slice(0, 20)}…" is longer than ${MAX_NAME_LENGTH} characters`);
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

/** A full commit hash as the Hub names commits: 40 lowercase hex characters (hf-protocol.md §6.9). */
export function isFullCommit(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}
