/**
 * `/hf/*`: the read-only Hub-compatible endpoint of mirror mode (docs/mirror.md). The route only copies
 * the request into src/mirror's MirrorService and its answer back out; bodies stay raw (paths-info comes
 * as JSON or as a form, and is passed through untouched). `GET /api/mirror`: counters for the UI, and the
 * URLs other machines reach `/hf` at (from the bound host: src/system/lan-addresses.ts).
 */
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientAgent, type MirrorRequest, type MirrorService } from '../../mirror/index.js';
import { lanAddresses } from '../../system/index.js';
import { sendApiError } from '../error-handler.js';
import { tokenOnlyQuerySchema } from '../schemas.js';
import { scrubSecrets } from '../scrub-secrets.js';

const MIRROR_PREFIX = '/hf';

/** `/hf`, `/hf/…` or `/hf?…`: a request for the mirror (security.ts exempts it from the API token). */
export function isMirrorPath(url: string): boolean {
  return url === MIRROR_PREFIX || url.startsWith(`${MIRROR_PREFIX}/`) || url.startsWith(`${MIRROR_PREFIX}?`);
}

/** The request's path after `/hf`, without its query (a query may carry anything: it is not logged). */
function mirrorPath(request: FastifyRequest): string {
  const raw = request.raw.url ?? '/';
  const queryAt = raw.indexOf('?');
  return (queryAt === -1 ? raw : raw.slice(0, queryAt)).slice(MIRROR_PREFIX.length) || '/';
}

function mirrorRequest(request: FastifyRequest): MirrorRequest {
  const raw = request.raw.url ?? '/';
  const queryAt = raw.indexOf('?');
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const authorization = header('authorization');
  const range = header('range');
  // The conditional headers of a file request (src/mirror/conditional-request.ts).
  const ifMatch = header('if-match');
  const ifUnmodifiedSince = header('if-unmodified-since');
  const ifNoneMatch = header('if-none-match');
  const ifModifiedSince = header('if-modified-since');
  const ifRange = header('if-range');
  const contentType = header('content-type');
  const agent = clientAgent(header('user-agent'));
  return {
    method: request.method,
    pathname: mirrorPath(request),
    query: queryAt === -1 ? '' : raw.slice(queryAt + 1),
    ...(authorization ? { authorization } : {}),
    ...(range ? { range } : {}),
    ...(ifMatch ? { ifMatch } : {}),
    ...(ifUnmodifiedSince ? { ifUnmodifiedSince } : {}),
    ...(ifNoneMatch ? { ifNoneMatch } : {}),
    ...(ifModifiedSince ? { ifModifiedSince } : {}),
    ...(ifRange ? { ifRange } : {}),
    ...(contentType ? { contentType } : {}),
    ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
    client: request.ip,
    ...(agent ? { agent } : {}),
    baseUrl: `${request.protocol}://${request.headers.host ?? 'localhost'}${MIRROR_PREFIX}`,
  };
}

/** `host`: the address the server binds (`--host`); the port is read from the listening socket. */
export function registerMirrorRoutes(
  app: FastifyInstance,
  mirror: MirrorService | undefined,
  host: string,
): void {
  if (mirror === undefined) {
    app.get('/api/mirror', { schema: { hide: true } }, async () => ({ enabled: false, path: MIRROR_PREFIX }));
    // A Hub client pointed at a server without --mirror gets a clear 404, not the web UI's HTML.
    const off = async (_request: FastifyRequest, reply: FastifyReply) =>
      sendApiError(reply, 404, {
        code: 'ROUTE_NOT_FOUND',
        message: `Mirror mode is off on this server: start it with \`hubget serve --mirror\` to serve ${MIRROR_PREFIX}`,
      });
    app.all(MIRROR_PREFIX, { schema: { hide: true } }, off);
    app.all(`${MIRROR_PREFIX}/*`, { schema: { hide: true } }, off);
    return;
  }
  // File bodies of clients that stall (stop reading, keep the socket) must not hold up a shutdown.
  const streaming = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', async () => {
    for (const response of streaming) response.destroy();
  });
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.route({
      method: ['GET', 'HEAD', 'POST'],
      url: `${MIRROR_PREFIX}/*`,
      schema: { hide: true },
      // Client tokens are HF tokens for the upstream: they must not reach the logs.
      logLevel: 'warn',
      handler: async (request, reply) => {
        const answer = await mirror.handle(mirrorRequest(request));
        if (answer.log !== undefined) {
          request.log.warn(
            `mirror: ${scrubSecrets(answer.log)} (${request.method} /hf${mirrorPath(request)})`,
          );
        }
        reply.code(answer.status).headers(answer.headers);
        // A refused HEAD has no body to parse: @huggingface/hub parses any error whose type is JSON, and its
        // fileExists threw "Unexpected end of JSON input" instead of the status. The X-Error-* headers say it all.
        if (request.method === 'HEAD' && answer.status >= 400) reply.removeHeader('content-type');
        if (request.method === 'HEAD' || answer.body === undefined) {
          if (answer.body !== undefined && typeof answer.body === 'object' && 'destroy' in answer.body) {
            answer.body.destroy();
          }
          return reply.send();
        }
        if (typeof answer.body === 'object' && 'pipe' in answer.body) {
          const response = reply.raw;
          streaming.add(response);
          response.once('close', () => streaming.delete(response));
          return sendFileBody(reply, answer.body);
        }
        return reply.send(answer.body);
      },
    });
  });

  app.get(
    '/api/mirror',
    {
      schema: {
        tags: ['mirror'],
        summary:
          'Mirror mode: upstream, counters (requests by result, bytes served/upstream, hit ratio) and clients pulling now',
        querystring: tokenOnlyQuerySchema,
      },
    },
    async () => ({
      enabled: true,
      path: MIRROR_PREFIX,
      clientUrls: clientUrlsOf(app, host),
      upstream: mirror.upstream.endpoint,
      offline: mirror.upstream.offlineMode,
      upstreamReachable: mirror.upstream.foundReachable(),
      activePulls: mirror.activePulls,
      ...mirror.stats.snapshot(),
    }),
  );
}

/**
 * A file body of the mirror. Fastify only sets a stream's headers (synchronously: no onSend hook here), and Node
 * writes them with the first chunk, which a pull queued or a range far into a file being pulled may not have
 * for minutes: the status is decided (pull-waits.ts, FIRST_BYTES_WAIT_MS), so it goes out now. A body the
 * mirror cuts (the upstream gone, a failed check: blob-stream.ts) ends the response short with one warning
 * line; given to Fastify, its error was logged with its stack. Fastify gets a relay that is only ever closed,
 * which it logs at info level (below this route's level) and answers by cutting the response.
 */
function sendFileBody(reply: FastifyReply, body: Readable): FastifyReply {
  const relay = new PassThrough();
  body.once('error', (error) => {
    reply.log.warn(`mirror: file body cut short: ${error.message}`);
    relay.destroy();
  });
  relay.once('close', () => body.destroy());
  body.pipe(relay);
  reply.send(relay);
  if (!reply.raw.headersSent) reply.raw.flushHeaders();
  return reply;
}

function clientUrlsOf(app: FastifyInstance, host: string): string[] {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return [];
  return lanAddresses(host).map((shown) => `http://${shown}:${address.port}${MIRROR_PREFIX}`);
}
