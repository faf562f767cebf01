/**
 * The HTTP face as one Fastify app. Only serve.ts listens; tests build this very app and use
 * `app.inject()` or listen on port 0. Routes are schemas plus calls into the injected services.
 */
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { OneLinePerRequest } from './access-log.js';
import { acceptJsonBodiesOnly, REQUEST_BODY_LIMIT_BYTES } from './body-media-type.js';
import { closeUnusedConnections } from './close-unused-connections.js';
import type { AppDeps } from './deps.js';
import { installErrorHandler } from './error-handler.js';
import { EventHub } from './event-hub.js';
import { answerFrameworkError, ROUTER_MAX_PARAM_LENGTH } from './framework-errors.js';
import { loggerOptions } from './logging.js';
import { MetricsCollector } from './metrics.js';
import { registerMirrorMetrics } from './mirror-metrics.js';
import { ModelVerifications } from './model-verifications.js';
import { DEFAULT_WEB_DIR, PACKAGE_VERSION } from './package-root.js';
import { requestValidatorFactory } from './request-validators.js';
import { registerDownloadRoutes } from './routes/downloads.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHubRoutes } from './routes/hub.js';
import { registerMirrorRoutes } from './routes/mirror.js';
import { registerModelRoutes } from './routes/models.js';
import { registerVerifyRoute } from './routes/models-verify.js';
import { registerSystemRoutes } from './routes/system.js';
import { installSecurity } from './security.js';
import { installStaticUi } from './static-ui.js';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: REQUEST_BODY_LIMIT_BYTES,
    // Bodies strict (a wrong JSON type is a 400), query strings and path parameters coerced; unknown fields
    // refused, not dropped: request-validators.ts.
    schemaController: { compilersFactory: { buildValidator: requestValidatorFactory() } },
    // Lets app.close() finish while browsers keep idle keep-alive sockets; SSE streams are ended in preClose.
    forceCloseConnections: 'idle',
    // Router refusals answer {code, message}; path parameters are as long as a request allows and the route
    // schemas refuse what is too long: framework-errors.ts.
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: ROUTER_MAX_PARAM_LENGTH },
    // One log line per request, when it is answered, not Fastify's two: access-log.ts.
    logController: new OneLinePerRequest(),
  });
  // And connections that never sent a request (Node counts them busy): close-unused-connections.ts.
  closeUnusedConnections(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'hubget API',
        version: PACKAGE_VERSION,
        description: 'Download jobs, installed models, live events and system stats of a hubget server.',
      },
      components: {
        securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' } },
      },
    },
  });

  installErrorHandler(app);
  acceptJsonBodiesOnly(app);
  installSecurity(app, config);

  const network = deps.network;
  const verifications =
    deps.verifications ??
    new ModelVerifications({
      jobs: deps.jobs,
      modelsDir: config.modelsDir,
      hubCacheDir: config.hubCacheDir,
    });
  const hub = new EventHub({
    jobs: deps.jobs,
    network,
    verifications,
    heartbeatMs: config.heartbeatMs,
  });
  const metrics = new MetricsCollector(deps.jobs, network);

  const mirror = deps.mirror;
  registerDownloadRoutes(
    app,
    deps.jobs,
    mirror && { holds: (id) => mirror.holdsJob(id), release: (id) => mirror.releaseJob(id) },
  );
  registerModelRoutes(app, deps.jobs, deps.models, config.modelsDir);
  registerVerifyRoute(app, verifications);
  registerSystemRoutes(app, {
    jobs: deps.jobs,
    network,
    disk: deps.disk,
    metrics,
    config,
    ...(deps.status && { status: deps.status }),
  });
  registerEventRoutes(app, hub);
  if (deps.hub) {
    registerHubRoutes(app, {
      hub: deps.hub,
      models: deps.models,
      disk: deps.disk,
      hubCacheDir: config.hubCacheDir,
      modelsDir: config.modelsDir,
    });
  }
  registerMirrorRoutes(app, mirror, config.host);
  if (mirror) {
    app.addHook('onClose', async () => mirror.close());
    registerMirrorMetrics(mirror.stats, () => mirror.activePulls, metrics.registry);
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await installStaticUi(app, config.webDir ?? DEFAULT_WEB_DIR);

  app.addHook('onReady', async () => {
    network.setHubgetRate(() => deps.jobs.totalBytesPerSecond());
    network.start(config.networkIntervalMs);
    metrics.start();
    hub.start();
  });
  // SSE streams never end on their own; end them before the server waits for open connections.
  app.addHook('preClose', async () => {
    hub.close();
    verifications.close();
    network.stop();
    metrics.stop();
  });
  return app;
}
