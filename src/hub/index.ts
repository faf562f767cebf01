/** Public surface of the Hub client. */
export {
  findImplicitToken,
  hubgetUserAgent,
  hubgetVersion,
  type ImplicitToken,
  type ImplicitTokenOrigin,
  isTruthyEnv,
  type LoadHubConfigOptions,
  loadHubConfig,
  type MaybeImplicitToken,
} from './config.js';
export { DEFAULT_ENDPOINT, normaliseEndpoint } from './endpoint.js';
export { type HeaderBag, headerValue } from './headers.js';
export {
  type Env,
  expandPath,
  hfTokenFilePath,
  resolveHubCacheDir,
} from './hf-locations.js';
export { authorizationFor, bearerOf, createHttpDispatcher, httpDispatcher, urlTarget } from './http.js';
export { type HubAddress, type PastedAddress, parseHubAddress, readHubAddress } from './hub-address.js';
export {
  type HubErrorContext,
  type HubResponseLike,
  hubErrorFromResponse,
  networkError,
} from './hub-errors.js';
export {
  assertOnline,
  type HubCallOptions,
  type HubRequestOptions,
  type HubResponse,
  hubHeaders,
  hubJson,
  hubRequest,
  type RetryOptions,
  withRetry,
} from './hub-request.js';
export { type ListRepoFilesParams, listRepoFiles, nextPageUrl } from './list-files.js';
export { exactPathPattern, filterPaths, fnmatchToRegExp, normalisePattern } from './patterns.js';
export { getRepoDetails, README_MAX_BYTES, type RepoDetails } from './repo-details.js';
export {
  FULL_COMMIT_PATTERN,
  isFullCommit,
  MAX_REPO_ID_LENGTH,
  MAX_REPO_NAME_LENGTH,
  parseRepoRef,
  parseRepoType,
  REPO_ID_HINT,
  REPO_ID_PATTERN,
  REPO_NAME_PATTERN,
  repoIdError,
} from './repo-id.js';
export {
  type GitRef,
  type ListRepoRefsParams,
  listRepoRefs,
  type RepoRefs,
  repoRefsOf,
} from './repo-refs.js';
export type { RequestQuota } from './request-quota.js';
export {
  getRepoInfo,
  type RepoInfo,
  type RepoRevisionParams,
  resolveSnapshot,
  SIBLINGS_LISTING_MAX,
} from './resolve-snapshot.js';
export {
  DEFAULT_RETRY_POLICY,
  INTERACTIVE_RETRY_POLICY,
  isRetryable,
  isRetryableNetworkError,
  isRetryableStatus,
  ONE_TRY_RETRY_POLICY,
  type RetryPolicy,
  retryAfterSeconds,
  retryDelayMs,
  retryPolicy,
  serverDelayMs,
} from './retry-policy.js';
export {
  clampLimit,
  DEFAULT_SEARCH_LIMIT,
  type HubSearchItem,
  type HubSearchPage,
  type HubSearchQuery,
  MAX_SEARCH_LIMIT,
  SEARCH_SORTS,
  type SearchRepoType,
  type SearchSort,
  searchHub,
  searchUrl,
} from './search.js';
export * from './types.js';
export {
  apiRepoUrl,
  encodeRepoPath,
  encodeRevision,
  encodeStrict,
  pathsInfoUrl,
  redactUrl,
  repoPageUrl,
  repoUrlPrefix,
  resolveUrl,
  revisionInfoUrl,
  treeUrl,
  whoAmIUrl,
} from './urls.js';
export { type HubAccount, whoAmI } from './whoami.js';
