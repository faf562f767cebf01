/**
 * POST /api/models/verify: whether an installed model's files are intact (src/transfer/verify-installed.ts, what
 * `hubget verify` does, docs/api-models.md): a repo in the HF cache (every revision) or a local dir directly under the
 * models dir, hashed again, offline, the answer `hubget verify --json`'s object. With `repair`, what is not intact is
 * deleted (while no download writes there) and a download job fetches it again at its commit, one per commit. One
 * verification per model at a time, its progress on the event stream: model-verifications.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { DeleteModelsRequest } from '../../api-models-deletion-types.js';
import type { ModelVerification, VerifyModelRequest } from '../../api-verify-types.js';
import { parseRepoRef } from '../../hub/repo-id.js';
import type { ModelVerifications } from '../model-verifications.js';
import { modelToDeleteSchema } from '../models-deletion-schemas.js';
import { errorResponses } from '../response-schemas.js';
import { tokenOnlyQuerySchema } from '../schemas.js';
import { modelToDelete } from './models.js';

const stringOrNull = { type: ['string', 'null'] } as const;

const verifyBodySchema = {
  ...modelToDeleteSchema,
  description:
    'a repo in the HF cache (repoId), a local dir under the models dir (localFolder), or a local dir and the repo it holds (both: what a repair of a folder no hubget marker names downloads)',
  properties: {
    ...modelToDeleteSchema.properties,
    repair: { type: 'boolean', description: 'delete what is not intact and queue a download of it' },
    findings: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description:
        'with repair: the id of the verification whose findings to act on, without hashing again while they are the model’s last and its files not intact unchanged',
    },
  },
} as const;

const verifyResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'repoId',
    'repoType',
    'location',
    'path',
    'files',
    'bytes',
    'intact',
    'problems',
    'repaired',
    'jobs',
  ],
  properties: {
    id: { type: 'string' },
    repoId: stringOrNull,
    repoType: stringOrNull,
    location: { type: 'string', enum: ['cache', 'local'] },
    path: { type: 'string' },
    files: { type: 'integer', minimum: 0 },
    bytes: { type: 'integer', minimum: 0 },
    intact: { type: 'boolean' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'commit', 'file', 'problem', 'expected', 'actual', 'message'],
        properties: {
          path: { type: 'string' },
          commit: { type: 'string' },
          file: stringOrNull,
          problem: { type: 'string', enum: ['corrupt', 'missing', 'unreadable', 'unchecked'] },
          expected: stringOrNull,
          actual: stringOrNull,
          message: stringOrNull,
        },
      },
    },
    repaired: { type: 'null', description: 'the CLI’s; here the repair jobs (jobs) fetch and verify' },
    jobs: { type: 'array', items: { type: 'string' }, description: 'the ids of the repair download jobs' },
  },
} as const;

/**
 * The body as validated (verifyBodySchema): a repo, a local dir, or a local dir and the repo it holds; the first two
 * apart are checked by modelToDelete.
 */
type VerifyBody = DeleteModelsRequest['models'][number] & Pick<VerifyModelRequest, 'repair' | 'findings'>;

export function registerVerifyRoute(app: FastifyInstance, verifications: ModelVerifications) {
  app.post<{ Body: VerifyBody }>(
    '/api/models/verify',
    {
      schema: {
        tags: ['models'],
        summary:
          'Hash an installed model’s files again and say which are not intact; with repair, fetch those again',
        body: verifyBodySchema,
        querystring: tokenOnlyQuerySchema,
        response: { 200: verifyResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<ModelVerification> => {
      const { repair, findings, ...model } = request.body;
      const { localFolder, repoId, repoType } = model;
      // A local dir with the repo it holds: what a repair of one no hubget marker names downloads.
      if (localFolder !== undefined && repoId !== undefined) {
        const held = parseRepoRef(repoId, repoType);
        return verifications.verify({ localFolder }, repair === true, findings, held);
      }
      return verifications.verify(modelToDelete(model, 0), repair === true, findings);
    },
  );
}
