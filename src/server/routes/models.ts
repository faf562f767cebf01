/** /api/models: catalog + installed + live jobs, and deleting installed models. */
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DeleteModelsRequest, ModelToDeleteRef } from '../../api-models-deletion-types.js';
import type { JobView } from '../../api-types.js';
import { realFolderInModelsDir } from '../../cache/index.js';
import { HubgetError } from '../../errors.js';
import { colonAfter } from '../../format/path-punctuation.js';
import {
  isActiveCacheJobFor,
  isActiveJobInRealFolder,
  isActiveOwnJob,
  isWaitingOwnJob,
  jobInUseError,
} from '../../jobs/active-jobs.js';
import type { JobService } from '../../jobs/index.js';
import { keyOfModelRef } from '../../model-keys.js';
import { planLookup } from '../../models/download-plans.js';
import { groupJobsByModel } from '../../models/jobs-by-model.js';
import { mergeModelList } from '../../models/model-list.js';
import { isInSubFolder, subFolderDeleteHint } from '../../sub-folder-local-dir.js';
import type { ModelsSource } from '../deps.js';
import { deleteModelsBodySchema, modelsDeletionSchema } from '../models-deletion-schemas.js';
import {
  deleteModelResponseSchema,
  errorResponses,
  modelListEntrySchema,
  quantDeletionSchema,
} from '../response-schemas.js';
import {
  deleteModelQuerySchema,
  localFolderParamsSchema,
  localQuantParamsSchema,
  modelParamsSchema,
  quantParamsSchema,
  tokenOnlyQuerySchema,
} from '../schemas.js';
import { type RepoPathParams, repoIdOf } from './repo-params.js';

const tags = ['models'];

/** One model of a deletion of several: a repo (`repoType` default `model`) or a local dir, never both nor neither. */
export function modelToDelete(model: DeleteModelsRequest['models'][number], index: number): ModelToDeleteRef {
  const { repoType, repoId, localFolder } = model;
  if (localFolder !== undefined && repoId === undefined && repoType === undefined) return { localFolder };
  if (localFolder === undefined && repoId !== undefined) return { repoType: repoType ?? 'model', repoId };
  throw new HubgetError(
    'INVALID_ARGUMENT',
    `Invalid body field "models.${index}": name a repo (repoId, with repoType) or a local dir (localFolder), one of them`,
  );
}

type ModelParams = RepoPathParams;

export function registerModelRoutes(
  app: FastifyInstance,
  jobs: JobService,
  models: ModelsSource,
  modelsDir: string,
): void {
  /**
   * The jobs, once paused and queued ones (those `among`) whose files another download put in place are
   * completed (src/jobs/found-on-disk.ts): the model list and Delete speak of what is on disk, not a stale
   * "paused". Listed again only when one was.
   */
  const listAfterDiskCheck = async (among: (job: JobView) => boolean = () => true) => {
    const listed = jobs.list();
    const waiting = listed.filter((job) => isWaitingOwnJob(job) && among(job));
    // Each job's files are looked at at once, not one job after another.
    const found = await Promise.all(waiting.map((job) => jobs.completeIfOnDisk(job.id)));
    return found.includes(true) ? jobs.list() : listed;
  };

  /**
   * Refuses while a queued, running or paused job of this server writes to the same place: its partial files
   * and resume maps live there. Any other download there (another hubget, another program) is refused by the
   * models source, by who owns the files (src/transfer/downloads-here.ts), as `hubget rm` does.
   */
  const refuseIfInUse = async (uses: (job: JobView) => boolean, what: string) => {
    const listed = await listAfterDiskCheck(uses);
    const job = listed.find((candidate) => isActiveOwnJob(candidate) && uses(candidate));
    if (job) throw jobInUseError(what, job);
  };

  app.get(
    '/api/models',
    {
      schema: {
        tags,
        summary: 'Catalog merged with installed models and live jobs',
        querystring: tokenOnlyQuerySchema,
        response: { 200: { type: 'array', items: modelListEntrySchema }, ...errorResponses },
      },
    },
    async () => {
      // The jobs grouped once: the plans of the installed models and the list's jobs both come from it.
      const jobsByModel = groupJobsByModel(await listAfterDiskCheck(), modelsDir);
      const [catalog, installed] = await Promise.all([
        models.catalog(),
        models.installed(planLookup(jobsByModel, (id) => jobs.files(id))),
      ]);
      return mergeModelList(catalog, installed, jobsByModel);
    },
  );

  const deleteCached = async (params: ModelParams, revision: string | undefined) => {
    const repoId = repoIdOf(params);
    await refuseIfInUse((job) => isActiveCacheJobFor(job, params.repoType, repoId), repoId);
    return models.deleteCached({
      repoId,
      repoType: params.repoType,
      ...(revision === undefined ? {} : { revision }),
    });
  };
  const deleteSchema = (summary: string) => ({
    tags,
    summary,
    params: modelParamsSchema,
    querystring: deleteModelQuerySchema,
    response: { 200: deleteModelResponseSchema, ...errorResponses },
  });

  app.delete<{ Params: ModelParams; Querystring: { revision?: string } }>(
    '/api/models/:repoType/:org/:name',
    { schema: deleteSchema('Delete a repo (or one revision) from the HF cache; answers what was freed') },
    async (request) => deleteCached(request.params, request.query.revision),
  );

  app.delete<{ Params: ModelParams; Querystring: { revision?: string } }>(
    '/api/models/:repoType/:name',
    { schema: deleteSchema('Same, for a repo id without namespace (e.g. gpt2)') },
    async (request) => deleteCached(request.params, request.query.revision),
  );

  // One GGUF quantization (src/cache/delete-quant.ts): GET says what a DELETE removes and frees (the web UI's
  // confirmation), DELETE removes it, refused as the repo's Delete is while a job of this server holds the repo.
  type QuantRoute = { Params: ModelParams & { quant: string }; Querystring: { revision?: string } };
  const quantRef = (params: QuantRoute['Params'], revision: string | undefined) => ({
    repoId: repoIdOf(params),
    repoType: params.repoType,
    quant: params.quant,
    ...(revision === undefined ? {} : { revision }),
  });
  const quantSchema = (summary: string) => ({
    tags,
    summary,
    params: quantParamsSchema,
    querystring: deleteModelQuerySchema,
    response: { 200: quantDeletionSchema, ...errorResponses },
  });
  for (const path of [
    '/api/models/:repoType/:org/:name/quants/:quant',
    '/api/models/:repoType/:name/quants/:quant',
  ]) {
    app.get<QuantRoute>(
      path,
      { schema: quantSchema('What deleting one GGUF quantization of a cached repo removes and frees') },
      async (request) => models.deleteQuant(quantRef(request.params, request.query.revision), false),
    );
    app.delete<QuantRoute>(
      path,
      { schema: quantSchema('Delete one GGUF quantization of a cached repo; answers what was freed') },
      async (request) => {
        const ref = quantRef(request.params, request.query.revision);
        await refuseIfInUse((job) => isActiveCacheJobFor(job, ref.repoType, ref.repoId), ref.repoId);
        return models.deleteQuant(ref, true);
      },
    );
  }

  /**
   * A local dir under the models dir, as the server may delete in it: one found in a sub-folder is listed, but
   * the server did not create it and it lies in the user's own folder tree: the UI offers no Delete for it, and
   * this says what does. `busy`: refused too while a job of this server downloads into it.
   */
  const checkLocalFolder = async (folder: string, busy: boolean) => {
    if (isInSubFolder(folder)) {
      throw new HubgetError(
        'INVALID_ARGUMENT',
        `${colonAfter(`Not deleting ${folder}`, subFolderDeleteHint(resolve(modelsDir, folder)), true)}. The server deletes only the local dirs directly under the models dir`,
      );
    }
    // By real paths, as the deletion and `hubget rm` see the folder: `models/link` leading to a job's folder is
    // that job's folder, and one leading out of the models dir is refused here already (UNSAFE_PATH).
    const target = realFolderInModelsDir(modelsDir, folder);
    if (!busy) return;
    await refuseIfInUse(
      (job) =>
        isActiveJobInRealFolder(
          { ...job, localDir: job.localDir && resolve(modelsDir, job.localDir) },
          target,
        ),
      `Folder ${folder}`,
    );
  };

  app.delete<{ Params: { folder: string } }>(
    '/api/models/local/:folder',
    {
      schema: {
        tags,
        summary: 'Delete a local-dir download (a folder directly under the models dir)',
        params: localFolderParamsSchema,
        querystring: tokenOnlyQuerySchema,
        response: { 200: deleteModelResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      await checkLocalFolder(request.params.folder, true);
      return models.deleteLocal(request.params.folder);
    },
  );

  // One GGUF quantization of such a folder (src/cache/delete-local-quant.ts): GET and DELETE as for a cached repo.
  type LocalQuantRoute = { Params: { folder: string; quant: string }; Querystring: Record<string, never> };
  const localQuantSchema = (summary: string) => ({
    tags,
    summary,
    params: localQuantParamsSchema,
    querystring: tokenOnlyQuerySchema,
    response: { 200: quantDeletionSchema, ...errorResponses },
  });
  const localQuantPath = '/api/models/local/:folder/quants/:quant';
  app.get<LocalQuantRoute>(
    localQuantPath,
    { schema: localQuantSchema('What deleting one GGUF quantization of a local dir removes and frees') },
    async (request) => {
      await checkLocalFolder(request.params.folder, false);
      return models.deleteLocalQuant(request.params.folder, request.params.quant, false);
    },
  );
  app.delete<LocalQuantRoute>(
    localQuantPath,
    { schema: localQuantSchema('Delete one GGUF quantization of a local dir; answers what was freed') },
    async (request) => {
      await checkLocalFolder(request.params.folder, true);
      return models.deleteLocalQuant(request.params.folder, request.params.quant, true);
    },
  );

  /**
   * Several models together (src/server/models-deletion.ts): each refused as its own Delete is (a sub-folder's
   * local dir, a folder out of the models dir, a job of this server using it), all before anything goes; named twice
   * is an error rather than a guess.
   */
  const checkModels = async (asked: DeleteModelsRequest['models']): Promise<ModelToDeleteRef[]> => {
    const refs = asked.map(modelToDelete);
    const named = new Set<string>();
    for (const ref of refs) {
      const key = keyOfModelRef(ref);
      const name = 'localFolder' in ref ? `Folder ${ref.localFolder}` : `${ref.repoType} ${ref.repoId}`;
      if (named.has(key)) throw new HubgetError('INVALID_ARGUMENT', `${name} is named twice`);
      named.add(key);
      if ('localFolder' in ref) await checkLocalFolder(ref.localFolder, true);
      else await refuseIfInUse((job) => isActiveCacheJobFor(job, ref.repoType, ref.repoId), ref.repoId);
    }
    return refs;
  };
  const severalSchema = (summary: string) => ({
    tags,
    summary,
    body: deleteModelsBodySchema,
    querystring: tokenOnlyQuerySchema,
    response: { 200: modelsDeletionSchema, ...errorResponses },
  });
  app.post<{ Body: DeleteModelsRequest }>(
    '/api/models/delete/preview',
    { schema: severalSchema('What deleting several models together frees, each and all (nothing deleted)') },
    async (request) => {
      return models.deleteModels(await checkModels(request.body.models), false);
    },
  );
  app.post<{ Body: DeleteModelsRequest }>(
    '/api/models/delete',
    { schema: severalSchema('Delete several models together, in order; answers what each and all freed') },
    async (request) => {
      return models.deleteModels(await checkModels(request.body.models), true);
    },
  );
}
