/** Repo and revision matching, access rules and the Hub's not-found answers, shared by the test hub's routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authState, decodeSegment, type HubContext, sendError } from './hub-context.js';
import { resolveRevision, type StoredCommit, type StoredRepo, type TestRepoType } from './repo-store.js';

export const TYPE_BY_PLURAL: Record<string, TestRepoType> = {
  models: 'model',
  datasets: 'dataset',
  spaces: 'space',
};
export const PREFIX_BY_TYPE: Record<TestRepoType, string> = {
  model: '',
  dataset: 'datasets/',
  space: 'spaces/',
};

export interface RepoMatch {
  repo: StoredRepo | undefined;
  repoId: string;
  rest: string[];
}

/** `org/name/...` or `name/...`: prefer the two-segment id when such a repo exists. */
export function matchRepo(ctx: HubContext, repoType: TestRepoType, segments: string[]): RepoMatch {
  const [first = '', second] = segments.map((s) => decodeSegment(s) ?? s);
  if (second !== undefined) {
    const twoSegments = `${first}/${second}`;
    const repo = ctx.store.get(repoType, twoSegments);
    if (repo) return { repo, repoId: twoSegments, rest: segments.slice(2) };
  }
  const one = ctx.store.get(repoType, first);
  if (one) return { repo: one, repoId: first, rest: segments.slice(1) };
  const keywords = new Set(['revision', 'tree', 'paths-info', 'resolve']);
  const twoSegmentId = second !== undefined && !keywords.has(second);
  return {
    repo: undefined,
    repoId: twoSegmentId ? `${first}/${second}` : first,
    rest: segments.slice(twoSegmentId ? 2 : 1),
  };
}

/**
 * Revision from the segments after a keyword: one percent-encoded segment (`refs%2Fpr%2F1`, what Python
 * sends) or raw segments (`refs/pr/1`, what JS sends in tree URLs) matching a known ref.
 */
export function matchRevision(
  repo: StoredRepo,
  segments: string[],
): { commit?: StoredCommit; name: string; rest: string[] } {
  const first = decodeSegment(segments[0] ?? '') ?? '';
  const direct = resolveRevision(repo, first);
  if (direct) return { commit: direct, name: first, rest: segments.slice(1) };
  for (let n = 2; n <= Math.min(4, segments.length); n++) {
    const name = segments
      .slice(0, n)
      .map((s) => decodeSegment(s) ?? s)
      .join('/');
    const commit = repo.refs.has(name) ? resolveRevision(repo, name) : undefined;
    if (commit) return { commit, name, rest: segments.slice(n) };
  }
  return { name: first, rest: segments.slice(1) };
}

export function repoNotFound(res: ServerResponse, status: number, repoId: string): void {
  sendError(
    res,
    status,
    'RepoNotFound',
    `Repository not found: ${repoId}. Make sure the id is correct and that you are authenticated.`,
  );
}

/** Access rules: private → valid token; gated downloads → valid token with access (§1.7). Sends the error. */
export function checkAccess(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  repo: StoredRepo,
  download: boolean,
): boolean {
  const auth = authState(req, ctx);
  if (repo.private && auth !== 'valid') {
    repoNotFound(res, 401, repo.repoId);
    return false;
  }
  if (repo.gated && download) {
    if (auth !== 'valid') {
      sendError(
        res,
        401,
        'GatedRepo',
        `Access to model ${repo.repoId} is restricted. You must have access to it and be authenticated to access it.`,
      );
      return false;
    }
    if (!repo.gatedAccess) {
      sendError(
        res,
        403,
        'GatedRepo',
        `Access to model ${repo.repoId} is restricted and you are not in the authorized list.`,
      );
      return false;
    }
  }
  if (auth === 'invalid') {
    sendError(res, 401, undefined, 'Invalid credentials in Authorization header');
    return false;
  }
  return true;
}

export function revisionNotFound(res: ServerResponse, name: string, repoId: string): void {
  sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${name} (repo ${repoId})`);
}
