/** JSON schemas of the Hub search and model-page routes (routes/hub.ts). */
import type { RepoPageResponse } from '../api-types.js';
import {
  byteCount,
  installedLocationSchema,
  installedModelSchema,
  nullableString,
} from './response-schemas.js';
import { revisionSchema, settingsUpdateSchema } from './schemas.js';

const gated = { type: ['boolean', 'string'] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const namePart = { type: 'string', minLength: 1, maxLength: 96, pattern: '^[\\w][\\w.-]*$' } as const;

/** What a search result and a repo page both tell about a repo. */
const repoSummaryProperties = {
  repoId: { type: 'string' },
  repoType: { type: 'string' },
  downloads: { type: 'number' },
  likes: { type: 'number' },
  lastModified: nullableString,
  gated,
  private: { type: 'boolean' },
  pipelineTag: nullableString,
  libraryName: nullableString,
  tags: stringList,
} as const;

export const hubSearchQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    token: { type: 'string' },
    type: { type: 'string', enum: ['model', 'dataset'], default: 'model' },
    q: { type: 'string', maxLength: 256 },
    author: { type: 'string', maxLength: 96 },
    filter: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 128 } },
    sort: { type: 'string', enum: ['downloads', 'likes', 'trending', 'lastModified'], default: 'downloads' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    cursor: { type: 'string', maxLength: 4096 },
  },
} as const;

export const hubSearchResponseSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...repoSummaryProperties,
          author: nullableString,
          installed: { type: 'boolean' },
          copies: { type: 'array', items: installedLocationSchema },
          installedQuants: stringList,
        },
      },
    },
    nextCursor: nullableString,
  },
} as const;

export const repoPageParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repoType', 'name'],
  properties: { repoType: { type: 'string', enum: ['model', 'dataset'] }, org: namePart, name: namePart },
} as const;

export const repoPageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string' }, revision: revisionSchema },
} as const;

const refList = {
  type: 'array',
  items: { type: 'object', properties: { name: { type: 'string' }, commit: { type: 'string' } } },
} as const;

const fits = {
  type: 'object',
  properties: { disk: { type: 'boolean' }, memory: { type: 'string', enum: ['gpu', 'ram', 'none'] } },
} as const;

export const repoPageResponseSchema = {
  type: 'object',
  properties: {
    ...repoSummaryProperties,
    accessDenied: { type: 'boolean' },
    accessDenial: { type: ['string', 'null'] },
    revision: { type: 'string' },
    commit: { type: 'string' },
    files: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          size: byteCount,
          group: { type: 'string' },
          pattern: { type: 'string' },
          onDisk: { type: 'boolean' },
          localDirs: stringList,
          localDirsAtPath: stringList,
          cachedAs: stringList,
          partialBytes: byteCount,
        },
      },
    },
    totalBytes: byteCount,
    branches: refList,
    gitTags: refList,
    pullRequests: refList,
    readme: {
      type: ['object', 'null'],
      properties: { text: { type: 'string' }, truncated: { type: 'boolean' } },
    },
    gguf: {
      type: ['object', 'null'],
      properties: {
        quants: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              files: stringList,
              totalBytes: byteCount,
              shards: { type: 'integer' },
              fits,
              localDirs: stringList,
              cachedAs: stringList,
            },
          },
        },
        mmproj: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, size: byteCount } },
        },
        defaultQuant: nullableString,
        defaultMmproj: nullableString,
        smallFiles: stringList,
      },
    },
    installed: { anyOf: [installedModelSchema, { type: 'null' }] },
    freeDiskBytes: { type: 'number' },
    totalRamBytes: { type: 'number' },
    gpuMemoryBytes: { type: ['number', 'null'] },
  },
  // Every field of the answer, no other: the serialiser drops a field the schema does not list, so a field
  // RepoRevisionFacts (src/hub/repo-details.ts) gains or renames must be listed here too, or this fails to compile.
} as const satisfies { type: 'object'; properties: Record<keyof RepoPageResponse, object> };

/** The same token rule as the settings' `hfToken` (a token that could be saved can be checked). */
const { minLength, maxLength, pattern } = settingsUpdateSchema.properties.hfToken;

export const whoAmIRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength, maxLength, pattern, description: 'Omitted: the stored token' },
  },
} as const;

export const hubAccountSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    fullname: nullableString,
    type: { type: 'string' },
    tokenName: nullableString,
    tokenRole: nullableString,
  },
} as const;
