/** /api/downloads: the download jobs. Each route is a schema and a call into the jobs service. */
import type { FastifyInstance } from 'fastify';
import type { JobView, LimitRequest, MoveRequest, NewJobRequest, PreviewQuery } from '../../api-types.js';
import { HubgetError } from '../../errors.js';
import type { JobService } from '../../jobs/index.js';
import {
  errorResponses,
  jobFileViewSchema,
  jobViewSchema,
  previewResponseSchema,
  speedSampleSchema,
} from '../response-schemas.js';
import {
  jobIdParamsSchema,
  limitRequestSchema,
  moveRequestSchema,
  newJobRequestSchema,
  previewQuerySchema,
  stopQuerySchema,
  tokenOnlyQuerySchema,
} from '../schemas.js';

interface IdParams {
  id: string;
}

/** The mirror's hold on its pull jobs (mirror mode): clients reading them, and letting those go. */
export interface MirrorJobs {
  /** Whether mirror clients are waiting on job `id` now. */
  holds(id: string): boolean;
  /** Lets them go, their answers cut (they resume with a Range); returns how many there were. */
  release(id: string): number;
}

function requireJob(jobs: JobService, id: string): JobView {
  const job = jobs.get(id);
  if (!job) throw new HubgetError('JOB_NOT_FOUND', `No download job with id ${id}`);
  return job;
}

const tags = ['downloads'];

/**
 * On a new job: `checked` (the Hub said it may be downloaded with the token), or `unchecked; code=<CODE>` (the
 * Hub could not be asked: NETWORK_UNREACHABLE, HUB_HTTP_ERROR, RATE_LIMITED, OFFLINE_MODE, ABORTED after the
 * deadline…): queued all the same, its job rides out the outage or says what went wrong.
 */
const HUB_CHECK_HEADER = 'hubget-hub-check';

/**
 * `mirror`: a mirror download that clients are waiting on now (mirror mode) is not paused or cancelled from the UI
 * or the API (409 IN_USE) unless the request says `force=true`: its clients are then let go first, their answers cut.
 */
export function registerDownloadRoutes(app: FastifyInstance, jobs: JobService, mirror?: MirrorJobs): void {
  const idRoute = (summary: string, ok: object) => ({
    schema: {
      tags,
      summary,
      params: jobIdParamsSchema,
      querystring: tokenOnlyQuerySchema,
      response: { 200: ok, ...errorResponses },
    },
  });

  app.get(
    '/api/downloads',
    {
      schema: {
        tags,
        summary: 'All jobs (queued first in queue order, then the rest)',
        querystring: tokenOnlyQuerySchema,
        response: { 200: { type: 'array', items: jobViewSchema } },
      },
    },
    async () => jobs.list(),
  );

  app.post<{ Body: NewJobRequest }>(
    '/api/downloads',
    {
      schema: {
        tags,
        summary:
          'Start a download (joins an identical active job: 200 instead of 201). The Hub is asked first: a repo ' +
          'or revision it does not have for the token (404), patterns that leave no file of it (404), or a gated ' +
          'repo without access (403), is refused',
        body: newJobRequestSchema,
        querystring: tokenOnlyQuerySchema,
        response: { 200: jobViewSchema, 201: jobViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { job, joined, hubCheck } = await jobs.create(request.body, { checkHub: true });
      if (hubCheck) {
        reply.header(HUB_CHECK_HEADER, hubCheck.checked ? 'checked' : `unchecked; code=${hubCheck.code}`);
        if (!hubCheck.checked) {
          request.log.info(
            { jobId: job.id, code: hubCheck.code },
            'download queued unchecked: the Hub could not be asked',
          );
        }
      }
      return reply.code(joined ? 200 : 201).send(job);
    },
  );

  app.post<{ Body: NewJobRequest; Querystring: PreviewQuery & { token?: string } }>(
    '/api/downloads/preview',
    {
      schema: {
        tags,
        summary:
          'What a download would fetch: file list, sizes, bytes already present, free space; ' +
          'otherFiles=true: what the destination holds of the rest of the listing too',
        body: newJobRequestSchema,
        querystring: previewQuerySchema,
        response: { 200: previewResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { otherFiles } = request.query;
      return jobs.preview(request.body, otherFiles === undefined ? {} : { otherFiles });
    },
  );

  app.get<{ Params: IdParams }>('/api/downloads/:id', idRoute('One job', jobViewSchema), async (request) =>
    requireJob(jobs, request.params.id),
  );

  app.delete<{ Params: IdParams }>(
    '/api/downloads/:id',
    {
      schema: {
        tags,
        summary: 'Remove a finished job from the list (its files stay)',
        params: jobIdParamsSchema,
        querystring: tokenOnlyQuerySchema,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireJob(jobs, request.params.id);
      jobs.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  const actions = {
    pause: (id: string) => jobs.pause(id),
    resume: (id: string) => jobs.resume(id),
    retry: (id: string) => jobs.retry(id),
    cancel: (id: string) => jobs.cancel(id),
  } as const;
  for (const [action, run] of Object.entries(actions)) {
    const stops = action === 'pause' || action === 'cancel';
    const route = idRoute(`${action[0]?.toUpperCase()}${action.slice(1)} a job`, jobViewSchema);
    app.post<{ Params: IdParams; Querystring: { force?: boolean } }>(
      `/api/downloads/:id/${action}`,
      stops ? { schema: { ...route.schema, querystring: stopQuerySchema } } : route,
      async (request) => {
        const id = request.params.id;
        requireJob(jobs, id);
        if (stops && mirror?.holds(id)) {
          const verb = action === 'pause' ? 'paused' : 'cancelled';
          if (request.query.force !== true) {
            throw new HubgetError(
              'IN_USE',
              `Mirror clients are waiting on this download: it cannot be ${verb} until it finishes (force=true ${action === 'pause' ? 'pauses' : 'cancels'} it anyway and cuts their downloads, which they resume)`,
            );
          }
          mirror.release(id);
        }
        return run(id);
      },
    );
  }

  app.post<{ Params: IdParams; Body: MoveRequest }>(
    '/api/downloads/:id/move',
    {
      schema: {
        ...idRoute('Move a queued job to a queue position (0 = next)', jobViewSchema).schema,
        body: moveRequestSchema,
      },
    },
    async (request) => {
      requireJob(jobs, request.params.id);
      return jobs.move(request.params.id, request.body.position);
    },
  );

  app.put<{ Params: IdParams; Body: LimitRequest }>(
    '/api/downloads/:id/limit',
    {
      schema: {
        ...idRoute('Set the per-job bandwidth limit (bytes/s, 0 = none)', jobViewSchema).schema,
        body: limitRequestSchema,
      },
    },
    async (request) => {
      requireJob(jobs, request.params.id);
      return jobs.setJobBandwidthLimit(request.params.id, request.body.bandwidthLimit);
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/downloads/:id/files',
    idRoute('Files of a job with their progress', { type: 'array', items: jobFileViewSchema }),
    async (request) => {
      requireJob(jobs, request.params.id);
      return jobs.files(request.params.id);
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/downloads/:id/history',
    idRoute('Speed samples of a job (about one per second)', { type: 'array', items: speedSampleSchema }),
    async (request) => {
      requireJob(jobs, request.params.id);
      return jobs.history(request.params.id);
    },
  );
}
