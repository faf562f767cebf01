/**
 * JSON schemas of every route's input. They validate requests (unknown fields are refused, not stripped;
 * bodies are never type-converted: request-validators.ts) and feed /api/openapi.json, whose limits are exactly the service's
 * (test/server/openapi-limits.test.ts). Responses: response-schemas.ts. Keep both in step with api-types.ts.
 */
import {
  MAX_BANDWIDTH_LIMIT,
  MAX_ENDPOINT_LENGTH,
  MAX_JOB_NAME_LENGTH,
  MAX_MAX_PARALLEL,
  MAX_PATH_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERNS,
  MAX_REVISION_LENGTH,
  MAX_STALL_TIMEOUT_MS,
  MAX_TOKEN_LENGTH,
  MIN_MAX_PARALLEL,
  MIN_STALL_TIMEOUT_MS,
} from '../defaults.js';
import {
  FULL_COMMIT_PATTERN,
  MAX_REPO_ID_LENGTH,
  MAX_REPO_NAME_LENGTH,
  REPO_ID_HINT,
  REPO_ID_PATTERN,
  REPO_NAME_PATTERN,
} from '../hub/index.js';

export const repoTypeSchema = { type: 'string', enum: ['model', 'dataset', 'space'] } as const;

/** Generated from the one validator's constants (src/hub/repo-id.ts); parseRepoRef runs again in the service. */
export const repoIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_REPO_ID_LENGTH,
  pattern: REPO_ID_PATTERN,
  description: `Hub repository id, ${REPO_ID_HINT}`,
} as const;

/** A revision: branch, tag, commit or `refs/pr/N`; no whitespace, no `..` (it becomes a refs/ path). */
export const revisionSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_REVISION_LENGTH,
  pattern: '^(?!.*\\.\\.)[^\\s\\\\]+$',
  description: 'Branch, tag, full or short commit hash, or refs/pr/N',
} as const;

const globList = {
  type: 'array',
  maxItems: MAX_PATTERNS,
  items: { type: 'string', minLength: 1, maxLength: MAX_PATTERN_LENGTH },
} as const;

/** The services' hasParentSegment (src/cache/safe-path.ts) as a lookahead: no `..` segment, either separator. */
const NO_PARENT_SEGMENT = '(?!(.*[/\\\\])?\\.\\.([/\\\\]|$))';

/** No `..` path segment and no NUL: a hostile `../../etc/passwd` never reaches the engine. */
export const localDirSchema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_PATH_LENGTH,
  pattern: `^(?=.*\\S)${NO_PARENT_SEGMENT}[^\\u0000]+$`,
  description: 'Folder under the models dir, or an absolute path; no ".." segments',
} as const;

export const bandwidthLimitSchema = {
  type: 'integer',
  minimum: 0,
  maximum: MAX_BANDWIDTH_LIMIT,
  description: 'Bytes per second, 0 = no limit',
} as const;

export const newJobRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repoId'],
  properties: {
    repoId: repoIdSchema,
    repoType: repoTypeSchema,
    revision: revisionSchema,
    include: globList,
    exclude: globList,
    localDir: localDirSchema,
    name: { type: 'string', minLength: 1, maxLength: MAX_JOB_NAME_LENGTH },
    bandwidthLimit: bandwidthLimitSchema,
  },
} as const;

export const jobIdParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Job id' },
  },
} as const;

/** Every route accepts `?token=` (the API token, for EventSource which cannot send headers). */
export const tokenOnlyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string' } },
} as const;

/** `GET /api/system/disk/folder`: the folder a download's `localDir` names (its rule: localDirSchema). */
export const folderDiskQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['localDir'],
  properties: { token: { type: 'string' }, localDir: localDirSchema },
} as const;

/** `POST /api/downloads/preview`: `otherFiles=true` adds what the destination holds of the rest of the listing. */
export const previewQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string' }, otherFiles: { type: 'boolean' } },
} as const;

/**
 * `POST /api/downloads/:id/pause` and `/cancel`: `force=true` stops a mirror pull that clients are reading
 * anyway, cutting their answers (docs/mirror.md, "Pull-through, once"); without it such a pull is refused (409).
 */
export const stopQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string' }, force: { type: 'boolean' } },
} as const;

export const moveRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['position'],
  properties: {
    // What the service accepts (validateQueuePosition): any whole number from 0; a position past the end of the
    // queue, however large, means the end, so there is no maximum to refuse.
    position: { type: 'integer', minimum: 0 },
  },
} as const;

export const limitRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['bandwidthLimit'],
  properties: { bandwidthLimit: bandwidthLimitSchema },
} as const;

export const settingsUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxParallel: { type: 'integer', minimum: MIN_MAX_PARALLEL, maximum: MAX_MAX_PARALLEL },
    bandwidthLimit: bandwidthLimitSchema,
    endpoint: {
      type: 'string',
      maxLength: MAX_ENDPOINT_LENGTH,
      pattern: '^https?://[^\\s]+$',
      description: 'Hub endpoint URL',
    },
    hfToken: {
      type: ['string', 'null'],
      minLength: 1,
      maxLength: MAX_TOKEN_LENGTH,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'Write-only; null clears it',
    },
    // Whole seconds (src/stall-timeout.ts); a refusal is worded by that rule (error-handler.ts).
    stallTimeoutMs: {
      type: 'integer',
      minimum: MIN_STALL_TIMEOUT_MS,
      maximum: MAX_STALL_TIMEOUT_MS,
      multipleOf: 1000,
      description: 'Milliseconds, whole seconds',
    },
    progressDir: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_PATH_LENGTH,
      pattern: `^(?=/)${NO_PARENT_SEGMENT}[^\\u0000]+$`,
      description:
        'Absolute path without ".." segments; the folder exists, or its parent does (hubget creates only the last folder)',
    },
    defaultDestination: { type: 'string', enum: ['cache', 'local'] },
  },
} as const;

export const modelParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repoType', 'name'],
  properties: {
    repoType: repoTypeSchema,
    org: { type: 'string', minLength: 1, maxLength: MAX_REPO_NAME_LENGTH, pattern: REPO_NAME_PATTERN },
    name: { type: 'string', minLength: 1, maxLength: MAX_REPO_NAME_LENGTH, pattern: REPO_NAME_PATTERN },
  },
} as const;

export const deleteModelQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    token: { type: 'string' },
    revision: {
      type: 'string',
      pattern: FULL_COMMIT_PATTERN,
      description: 'Full commit: delete only this revision',
    },
  },
} as const;

/** A repo's path parameters, and a GGUF quantization's name (which names exist is src/catalog/gguf-quants.ts's rule). */
export const quantParamsSchema = {
  ...modelParamsSchema,
  required: ['repoType', 'name', 'quant'],
  properties: {
    ...modelParamsSchema.properties,
    quant: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
  },
} as const;

export const localFolderParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['folder'],
  properties: {
    folder: {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      // '/'-separated names (never '.' or '..'): a folder in a sub-folder is refused by the route, with the
      // command that deletes it (src/sub-folder-local-dir.ts), not by this pattern.
      pattern: '^(?!\\.\\.?(/|$))(?!.*/\\.\\.?(/|$))[^\\\\\\u0000]+$',
      description: 'A local dir under the models dir: one folder name (a path into a sub-folder is refused)',
    },
  },
} as const;

/** One GGUF quantization of a local dir under the models dir (`/api/models/local/:folder/quants/:quant`). */
export const localQuantParamsSchema = {
  ...localFolderParamsSchema,
  required: ['folder', 'quant'],
  properties: { ...localFolderParamsSchema.properties, quant: quantParamsSchema.properties.quant },
} as const;
