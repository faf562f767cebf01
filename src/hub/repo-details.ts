/**
 * Everything a model page shows about a repo at a revision: its metadata (revision info, §2.1), its files
 * (tree, §2.2), its branches and tags (refs) and its model card (README.md, capped at README_MAX_BYTES).
 */
import { HubgetError, isHubgetError } from '../errors.js';
import { gatedRefusal } from './gated-access.js';
import { type GatedDenial, gatedDenialOf } from './gated-denial.js';
import { hubJson } from './hub-request.js';
import { listRepoFiles } from './list-files.js';
import { readSmallFile } from './read-small-file.js';
import { listRepoRefs, type RepoRefs } from './repo-refs.js';
import type { RepoRevisionParams } from './resolve-snapshot.js';
import type { RepoFile, RepoRef } from './types.js';
import { revisionInfoUrl } from './urls.js';

/** A model card longer than this is cut (and says so): the page must stay responsive. */
export const README_MAX_BYTES = 512 * 1024;

/**
 * What a repo at a revision is, as the Hub says it: the model page's API answer carries these fields as they are
 * (RepoPageResponse in src/api-hub-types.ts extends this type), so they are defined here once.
 */
export interface RepoRevisionFacts {
  revision: string;
  commit: string;
  gated: false | string;
  /**
   * Gated, and `/resolve/` refuses this token (or no token): none of its files can be fetched now, a download
   * cannot succeed yet.
   */
  accessDenied: boolean;
  /**
   * With `accessDenied`, why (gated-denial.ts): no token set, a token the Hub did not accept (invalid or expired),
   * or a token whose account has no access yet; null otherwise.
   */
  accessDenial: GatedDenial | null;
  private: boolean;
  lastModified: string | null;
  downloads: number;
  likes: number;
  pipelineTag: string | null;
  libraryName: string | null;
  tags: string[];
  readme: { text: string; truncated: boolean } | null;
}

/** A repo's facts at a revision (RepoRevisionFacts), with its files (tree, §2.2) and refs. */
export interface RepoDetails extends RepoRevisionFacts {
  repo: RepoRef;
  files: RepoFile[];
  refs: RepoRefs;
}

interface RevisionInfo {
  sha?: unknown;
  gated?: unknown;
  private?: unknown;
  lastModified?: unknown;
  downloads?: unknown;
  likes?: unknown;
  pipeline_tag?: unknown;
  library_name?: unknown;
  tags?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export async function getRepoDetails(params: RepoRevisionParams): Promise<RepoDetails> {
  const { hub, repo, revision = 'main', ...options } = params;
  const url = revisionInfoUrl(hub.endpoint, repo, revision);
  const { data } = await hubJson<RevisionInfo>(hub, url, { ...options, context: { repo, revision } });
  const commit = text(data?.sha);
  if (!commit) {
    throw new HubgetError('HUB_HTTP_ERROR', `The Hub did not return a commit for ${repo.repoId}@${revision}`);
  }
  const [files, refs] = await Promise.all([
    listRepoFiles({ ...options, hub, repo, commit }),
    listRepoRefs({ ...options, hub, repo }),
  ]);
  const card = files.find((file) => file.path.toLowerCase() === 'readme.md');
  const readCard = (path: string, size: number) =>
    readSmallFile(hub, repo, commit, path, size, README_MAX_BYTES, options);
  // A gated repo lists its files but serves none without access: no card then, the page says why. With a
  // token, reading the card is the access check (GATED_REPO exactly when a HEAD of it would say so); else
  // gatedRefusal asks about the first file, or knows the answer without a token.
  let readme: Awaited<ReturnType<typeof readCard>> | null = null;
  let refusal: HubgetError | null = null;
  if (data.gated && hub.token && card) {
    try {
      readme = await readCard(card.path, card.size);
    } catch (error) {
      if (isHubgetError(error, 'GATED_REPO')) refusal = error;
    }
  } else {
    [readme, refusal] = await Promise.all([
      card && !data.gated ? readCard(card.path, card.size).catch(() => null) : null,
      data.gated ? gatedRefusal(hub, repo, commit, files[0]?.path ?? null, options) : null,
    ]);
  }
  // Each refusal here says whether a token went (hub-request.ts, gated-access.ts); the fallback is the type's.
  const accessDenial = refusal && (gatedDenialOf(refusal) ?? (hub.token ? 'no-access' : 'no-token'));
  return {
    repo,
    revision,
    commit,
    gated: typeof data.gated === 'string' && data.gated ? data.gated : data.gated === true ? 'manual' : false,
    accessDenied: refusal !== null,
    accessDenial,
    private: data.private === true,
    lastModified: text(data.lastModified),
    downloads: typeof data.downloads === 'number' ? data.downloads : 0,
    likes: typeof data.likes === 'number' ? data.likes : 0,
    pipelineTag: text(data.pipeline_tag),
    libraryName: text(data.library_name),
    tags: Array.isArray(data.tags) ? data.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    files,
    refs,
    readme,
  };
}
