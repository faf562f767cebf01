/**
 * Serves the built web UI (dist/web) at `/`, with the single-page-app fallback: any GET outside /api
 * that matches no file answers index.html so client-side routes survive a reload. Without a build, `/`
 * answers a short page that says how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendRouteNotFound } from './error-handler.js';

const NOT_BUILT_PAGE =
  'hubget is running, but the web UI is not built.\n\n' +
  'Run `npm run build` in the hubget folder and restart `hubget serve`.\n' +
  'The REST API is available under /api (see /api/openapi.json).\n';

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url.startsWith('/metrics');
}

export async function installStaticUi(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(join(webDir, 'index.html'));
  if (!built) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(NOT_BUILT_PAGE),
    );
    app.setNotFoundHandler((request, reply) => sendRouteNotFound(request, reply));
    return;
  }
  await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendRouteNotFound(request, reply);
  });
}
