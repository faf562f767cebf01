/**
 * POST /api/models/verify: whether an installed model's files are intact (src/transfer/verify-installed.ts, what
 * `hubget verify` does, docs/api-models.md): a repo in the HF cache (every revision) or a local dir directly under the
 * models dir, hashed again, offline, the answer `hubget verify --json`'s object. With `repair`, what is not intact is
 * deleted (while no download writes there) and a download job fetches it again at its commit, one per commit.
 */
import type { FastifyInstance } from 'fastify';
import type { DeleteModelsRequest } from '../../api-models-deletion-types.js';
import type { ModelVerification, VerifyModelRequest } from '../../api-verify-types.js';
import { realFolderInModelsDir } from '../../cache/index.js';
import { HubgetError } from '../../errors.js';
import { exactPathPattern } from '../../hub/index.js';
import type { JobService } from '../../jobs/index.js';
import { cachedRepoPlace, localDirPlace, verifyItems } from '../../transfer/verify-installed.js';
import { placeJson, problemsOf } from '../../transfer/verify-problems.js';
import { removeNotIntact, repairDownloads } from '../../transfer/verify-repair.js';
import { modelToDeleteSchema } from '../models-deletion-schemas.js';
import { errorResponses } from '../response-schemas.js';
import { tokenOnlyQuerySchema } from '../schemas.js';
import { modelToDelete } from './models.js';

const stringOrNull = { type: ['string', 'null'] } as const;

const verifyBodySchema = {
  ...modelToDeleteSchema,
  properties: {
    ...modelToDeleteSchema.properties,
    repair: { type: 'boolean', description: 'delete what is not intact and queue a download of it' },
  },
} as const;

const verifyResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
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

/** The body as validated (verifyBodySchema): which of repoId and localFolder it names is checked by modelToDelete. */
type VerifyBody = DeleteModelsRequest['models'][number] & Pick<VerifyModelRequest, 'repair'>;

export function registerVerifyRoute(
  app: FastifyInstance,
  jobs: JobService,
  modelsDir: string,
  hubCacheDir: string,
) {
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
      const { repair, ...model } = request.body;
      const ref = modelToDelete(model, 0);
      const found =
        'localFolder' in ref
          ? await localDirPlace(realFolderInModelsDir(modelsDir, ref.localFolder))
          : await cachedRepoPlace(hubCacheDir, { repoId: ref.repoId, repoType: ref.repoType });
      const { place: where, repo } = found;
      const label = 'localFolder' in ref ? ref.localFolder : ref.repoId;
      const place = { ...found, label, verdicts: await verifyItems(found.targets.items) };
      const problems = problemsOf(place);
      const repairs = repair === true ? repairDownloads(problems) : [];
      if (repairs.length > 0 && repo === undefined) {
        throw new HubgetError(
          'INVALID_ARGUMENT',
          `Folder ${label}: no hubget marker names its repo, so it cannot be repaired; download it again`,
        );
      }
      const jobIds: string[] = [];
      if (repairs.length > 0 && repo !== undefined) {
        await removeNotIntact(label, where, problems);
        for (const { commit, paths } of repairs) {
          const { job } = await jobs.create({
            repoId: repo.repoId,
            repoType: repo.repoType,
            revision: commit,
            // Each path as itself, not a pattern (`w[1].bin` as a glob matches `w1.bin`, not itself).
            include: paths.map(exactPathPattern),
            ...('localFolder' in ref && { localDir: ref.localFolder }),
          });
          jobIds.push(job.id);
        }
      }
      // `repaired` is the CLI's, after its download; here the jobs fetch and verify what was deleted.
      return { ...placeJson(place, problems, null), repaired: null, jobs: jobIds };
    },
  );
}
