/**
 * JSON schemas of every route's output: they strip unknown fields from responses (so a secret added to a
 * service object by mistake never reaches a client) and feed /api/openapi.json. Keep them in step with
 * api-types.ts. The request schemas are in schemas.ts; the system routes' output in system-schemas.ts.
 */
import { MODEL_STATUSES } from '../model-status.js';
import { CONNECTIONS_REASONS } from '../progress/connections-reason.js';
import { retryLimitSchema, retryWaitsSchema } from './retry-schemas.js';
import { repoTypeSchema } from './schemas.js';

export const nullableString = { type: ['string', 'null'] } as const;
export const byteCount = { type: 'integer', minimum: 0 } as const;

const apiErrorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string' },
    problem: { type: 'string' },
  },
  required: ['code', 'message'],
} as const;

/** Where a file is copied from instead of fetched (src/format/copy-places.ts CopyPlace). */
const copyPlaceSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', enum: ['hf-cache', 'local-dir'] },
    repoId: { type: 'string' },
    dir: { type: 'string' },
  },
} as const;

export const jobViewSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['download', 'external'] },
    state: { type: 'string', enum: ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'] },
    name: { type: 'string' },
    repair: { type: 'boolean' },
    repoId: { type: 'string' },
    repoType: repoTypeSchema,
    revision: { type: 'string' },
    commit: nullableString,
    include: { type: 'array', items: { type: 'string' } },
    exclude: { type: 'array', items: { type: 'string' } },
    localDir: nullableString,
    downloaded: byteCount,
    total: byteCount,
    percent: { type: 'number' },
    speed: { type: 'number' },
    eta: { type: ['number', 'null'] },
    filesDone: { type: 'integer' },
    filesTotal: { type: 'integer' },
    stalled: { type: 'boolean' },
    stallReason: nullableString,
    retrying: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['attempt', 'message', 'unreachable', 'limit'],
          properties: {
            // 0: no try failed, another request's 429 holds this one (src/transfer/host-rate-limit.ts).
            attempt: { type: 'integer', minimum: 0 },
            message: { type: 'string' },
            limit: retryLimitSchema,
            unreachable: {
              anyOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['code', 'host'],
                  properties: { code: { type: 'string' }, host: nullableString },
                },
              ],
            },
          },
        },
      ],
    },
    noDataSeconds: { type: 'integer' },
    waits: retryWaitsSchema,
    connections: { type: 'integer' },
    connectionsReason: { type: ['string', 'null'], enum: [...CONNECTIONS_REASONS, null] },
    waitingFor: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            files: { type: 'integer' },
            bytes: byteCount,
            owners: { type: 'array', items: { type: 'string' } },
          },
          required: ['files', 'bytes', 'owners'],
        },
      ],
    },
    hubgetRuns: { type: 'array', items: { type: 'string' } },
    error: { anyOf: [{ type: 'null' }, apiErrorSchema] },
    bandwidthLimit: { type: 'number' },
    queuePosition: { type: ['integer', 'null'] },
    createdAt: { type: 'string' },
    startedAt: nullableString,
    finishedAt: nullableString,
    lastActivityAt: nullableString,
    fetchedBytes: { type: ['integer', 'null'] },
    otherRunBytes: { type: ['integer', 'null'] },
    copiedBytes: { type: ['integer', 'null'] },
    linkedBytes: { type: ['integer', 'null'] },
    copiedFrom: { type: 'array', items: copyPlaceSchema },
    fetchingMs: { type: ['integer', 'null'] },
    hubWaitedMs: { type: ['integer', 'null'] },
    interruptions: {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        crashes: { type: 'integer' },
        cutOffs: { type: 'integer' },
        lastAt: nullableString,
        lastCrash: { type: 'boolean' },
        lastCutOff: { type: 'boolean' },
      },
      required: ['count', 'crashes', 'cutOffs', 'lastAt', 'lastCrash', 'lastCutOff'],
    },
    resultPath: nullableString,
  },
} as const;

export const jobFileViewSchema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    size: byteCount,
    downloaded: byteCount,
    state: { type: 'string', enum: ['pending', 'present', 'downloading', 'verified', 'failed'] },
    copiedFrom: copyPlaceSchema,
  },
} as const;

export const speedSampleSchema = {
  type: 'object',
  properties: {
    t: { type: 'number' },
    bytesPerSecond: { type: 'number' },
    downloaded: { type: 'number' },
    fetchedBytes: { type: ['number', 'null'] },
  },
} as const;

/** No hfToken here on purpose: the response serializer drops anything not listed. */
export const settingsSchema = {
  type: 'object',
  properties: {
    maxParallel: { type: 'integer' },
    bandwidthLimit: { type: 'number' },
    endpoint: { type: 'string' },
    hfTokenSet: { type: 'boolean' },
    hfTokenSource: {
      type: ['object', 'null'],
      properties: {
        kind: { type: 'string', enum: ['settings', 'env', 'file'] },
        variable: { type: 'string', enum: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] },
        path: { type: 'string' },
      },
      required: ['kind'],
    },
    stallTimeoutMs: { type: 'integer' },
    progressDir: { type: 'string' },
    defaultDestination: { type: 'string', enum: ['cache', 'local'] },
  },
} as const;

const previewFileSchema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    size: byteCount,
    present: { type: 'boolean' },
    partialBytes: byteCount,
  },
} as const;

export const previewResponseSchema = {
  type: 'object',
  properties: {
    repoId: { type: 'string' },
    repoType: repoTypeSchema,
    revision: { type: 'string' },
    commit: { type: 'string' },
    files: { type: 'array', items: previewFileSchema },
    otherFiles: { type: 'array', items: previewFileSchema },
    totalBytes: byteCount,
    presentBytes: byteCount,
    bytesToFetch: byteCount,
    copiedBytes: byteCount,
    copiedFrom: { type: 'array', items: copyPlaceSchema },
    linkedBytes: byteCount,
    bytesToWrite: byteCount,
    freeBytes: { type: 'number' },
    gated: { type: 'boolean' },
    needsToken: { type: 'boolean' },
    destination: { type: 'string' },
    message: { type: ['string', 'null'] },
  },
} as const;

const installedRevisionSchema = {
  type: 'object',
  properties: {
    commit: { type: 'string' },
    refs: { type: 'array', items: { type: 'string' } },
    sizeOnDisk: byteCount,
    files: { type: 'integer' },
    lastModified: { type: 'string' },
    path: { type: 'string' },
  },
} as const;

const planCheckSchema = {
  type: 'object',
  properties: {
    jobId: { type: 'string' },
    commit: { type: 'string' },
    files: { type: 'integer', minimum: 0 },
    bytes: byteCount,
    missingFiles: { type: 'integer', minimum: 0 },
    missingBytes: byteCount,
  },
} as const;

/** Where an installed model is (InstalledLocation): the HF cache, or a folder relative to the models folder. */
const installedLocationProperties = {
  location: { type: 'string', enum: ['cache', 'local'] },
  localFolder: { type: ['string', 'null'] },
} as const;

export const installedLocationSchema = { type: 'object', properties: installedLocationProperties } as const;

export const installedModelSchema = {
  type: 'object',
  properties: {
    repoId: { type: 'string' },
    repoType: repoTypeSchema,
    ...installedLocationProperties,
    path: { type: 'string' },
    sizeOnDisk: byteCount,
    files: { type: 'integer' },
    lastModified: nullableString,
    revisions: { type: 'array', items: installedRevisionSchema },
    quants: { type: 'array', items: { type: 'string' } },
    unfinishedFiles: { type: 'integer', minimum: 0 },
    unfinishedBytes: byteCount,
    sharedBytes: byteCount,
    plan: { anyOf: [{ type: 'null' }, planCheckSchema] },
    unnamedRepo: {
      type: 'boolean',
      description:
        'true for a local dir no hubget marker names (repoId is then its folder name); absent otherwise',
    },
  },
} as const;

const catalogEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    repoId: { type: 'string' },
    repoType: repoTypeSchema,
    name: { type: 'string' },
    description: { type: 'string' },
    include: { type: 'array', items: { type: 'string' } },
    target: { type: 'string' },
    approxBytes: { type: ['number', 'null'] },
  },
} as const;

export const modelListEntrySchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    catalog: { anyOf: [{ type: 'null' }, catalogEntrySchema] },
    installed: { anyOf: [{ type: 'null' }, installedModelSchema] },
    job: { anyOf: [{ type: 'null' }, jobViewSchema] },
    activeJobs: { type: 'array', items: jobViewSchema },
    status: { type: 'string', enum: MODEL_STATUSES },
  },
} as const;

export const deleteModelResponseSchema = {
  type: 'object',
  properties: { freedBytes: byteCount, deletedPaths: { type: 'array', items: { type: 'string' } } },
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;

/** src/api-quant-types.ts QuantDeletion. */
export const quantDeletionSchema = {
  type: 'object',
  properties: {
    quant: { type: 'string' },
    commits: stringList,
    files: stringList,
    freedBytes: byteCount,
    remaining: stringList,
    deletedPaths: stringList,
  },
} as const;

/** Standard error answers of every route, for the OpenAPI document. */
export const errorResponses = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  500: apiErrorSchema,
} as const;
