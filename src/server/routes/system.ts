/** /api/system/*, /api/settings, /healthz, /metrics. */
import type { FastifyInstance } from 'fastify';
import type { ServerStatus } from '../../api-server-status.js';
import type { DiskLocationStats, DiskStats, HealthResponse, SettingsUpdate } from '../../api-types.js';
import type { JobService } from '../../jobs/index.js';
import { resolveLocalDir } from '../../jobs/local-dir.js';
import type { DiskStatsReader, NetworkMonitor } from '../deps.js';
import type { MetricsCollector } from '../metrics.js';
import { PACKAGE_VERSION } from '../package-root.js';
import { errorResponses, settingsSchema } from '../response-schemas.js';
import { folderDiskQuerySchema, settingsUpdateSchema, tokenOnlyQuerySchema } from '../schemas.js';
import type { ServerConfig } from '../server-config.js';
import {
  diskResponseSchema,
  diskStatsSchema,
  networkHistorySchema,
  networkStatsSchema,
  serverStatusSchema,
} from '../system-schemas.js';

export interface SystemRouteDeps {
  jobs: JobService;
  network: NetworkMonitor;
  disk: DiskStatsReader;
  metrics: MetricsCollector;
  config: ServerConfig;
  /** This run, and the previous one's unclean stop (src/server/server-run.ts); without it, none. */
  status?: () => ServerStatus;
}

export function registerSystemRoutes(app: FastifyInstance, deps: SystemRouteDeps): void {
  const startedAtMs = Date.now();
  const status =
    deps.status ?? (() => ({ startedAt: new Date(startedAtMs).toISOString(), uncleanStop: null }));

  app.get(
    '/api/system/status',
    {
      schema: {
        tags: ['system'],
        summary: 'When this server run started, and how the previous one ended when it was not a clean stop',
        querystring: tokenOnlyQuerySchema,
        response: { 200: serverStatusSchema, ...errorResponses },
      },
    },
    async (): Promise<ServerStatus> => status(),
  );

  app.get(
    '/api/system/network',
    {
      schema: {
        tags: ['system'],
        summary: 'Live network throughput (from /proc/net/dev) and hubget’s own speed',
        querystring: tokenOnlyQuerySchema,
        response: { 200: networkStatsSchema, ...errorResponses },
      },
    },
    async () => deps.network.latest() ?? deps.network.sample(),
  );

  app.get(
    '/api/system/network/history',
    {
      schema: {
        tags: ['system'],
        summary: 'Recent network samples, one per second, oldest first',
        querystring: tokenOnlyQuerySchema,
        response: { 200: networkHistorySchema },
      },
    },
    async () => deps.network.history(),
  );

  app.get(
    '/api/system/disk',
    {
      schema: {
        tags: ['system'],
        summary: 'Free and total bytes where hubget writes (models dir, HF cache, data dir)',
        querystring: tokenOnlyQuerySchema,
        response: { 200: diskResponseSchema, ...errorResponses },
      },
    },
    async () => {
      const locations: [DiskLocationStats['role'], string][] = [
        ['models', deps.config.modelsDir],
        ['cache', deps.config.hubCacheDir],
        ['data', deps.config.dataDir],
      ];
      const disks = await Promise.all(
        locations.map(async ([role, path]) => ({ role, ...(await deps.disk(path)) })),
      );
      return { disks };
    },
  );

  // A folder under the models dir may be another disk's (a mount point): the model page says its free disk
  // before any preview into it answers. The folder is resolved as a download's `localDir` is (the same refusals).
  app.get<{ Querystring: { localDir: string } }>(
    '/api/system/disk/folder',
    {
      schema: {
        tags: ['system'],
        summary:
          'Free and total bytes of the disk a folder under the models dir is on (or will be, once made)',
        querystring: folderDiskQuerySchema,
        response: { 200: diskStatsSchema, ...errorResponses },
      },
    },
    async (request): Promise<DiskStats> =>
      deps.disk(resolveLocalDir(deps.config.modelsDir, request.query.localDir)),
  );

  app.get(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Current settings (the HF token is never returned: see hfTokenSet, hfTokenSource)',
        querystring: tokenOnlyQuerySchema,
        response: { 200: settingsSchema },
      },
    },
    async () => deps.jobs.getSettings(),
  );

  app.put<{ Body: SettingsUpdate }>(
    '/api/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change settings; hfToken is write-only (null clears it)',
        body: settingsUpdateSchema,
        querystring: tokenOnlyQuerySchema,
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => deps.jobs.updateSettings(request.body),
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              version: { type: 'string' },
              uptimeSeconds: { type: 'number' },
            },
          },
        },
      },
    },
    async (): Promise<HealthResponse> => ({
      status: 'ok',
      version: PACKAGE_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAtMs) / 1000),
    }),
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (text format 0.0.4)',
        querystring: tokenOnlyQuerySchema,
      },
    },
    async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.render()),
  );
}
