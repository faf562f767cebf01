/**
 * Schemas of deleting several models together (`POST /api/models/delete` and its preview; src/api-models-deletion-types.ts):
 * the body's models are validated as the single Delete's path parameters are (a repo id by the one validator's
 * pattern, a folder by the local-dir route's), so a hostile id is a 400 before any route code runs.
 */
import { MAX_MODELS_PER_DELETION } from '../defaults.js';
import { byteCount } from './response-schemas.js';
import { localFolderParamsSchema, repoIdSchema, repoTypeSchema } from './schemas.js';

/** A repo in the HF cache (`repoId`, `repoType` default `model`) or a local dir (`localFolder`): the route says which is missing or both. */
export const modelToDeleteSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    repoType: repoTypeSchema,
    repoId: repoIdSchema,
    localFolder: localFolderParamsSchema.properties.folder,
  },
} as const;

export const deleteModelsBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['models'],
  properties: {
    models: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_MODELS_PER_DELETION,
      description:
        'The models, deleted in this order: a repo in the HF cache, or a local dir under the models dir',
      items: modelToDeleteSchema,
    },
  },
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const modelsDeletionSchema = {
  type: 'object',
  properties: {
    models: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          freedBytes: byteCount,
          partialBytes: byteCount,
          sharedBytes: byteCount,
          deletedPaths: stringList,
        },
      },
    },
    freedBytes: byteCount,
    partialBytes: byteCount,
  },
} as const;
