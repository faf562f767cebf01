/**
 * Request bodies are JSON only (docs/api.md). Fastify would also take `text/plain` (as a string, which the
 * route schema then refused with "Invalid body: must be object") and answer any other type with a bare
 * "Unsupported Media Type": `curl -d '{…}'` without `-H 'content-type: application/json'` sends
 * `application/x-www-form-urlencoded`, the usual first mistake of a script. Both are a 415 now, saying which
 * type was sent and which is expected. The mirror's `/hf` scope keeps its own parsers (routes/mirror.ts). A body
 * over the limit is a 413 that names the limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The largest request body the API takes (Fastify's `bodyLimit`): its requests are a few hundred bytes. */
export const REQUEST_BODY_LIMIT_BYTES = 1024 * 1024;

/** Fastify's error for a body over REQUEST_BODY_LIMIT_BYTES. */
export const BODY_TOO_LARGE_ERROR = 'FST_ERR_CTP_BODY_TOO_LARGE';

/** What a 413 says: the limit (Fastify's own message gave none). */
export const BODY_TOO_LARGE_MESSAGE = `The request body is larger than the ${REQUEST_BODY_LIMIT_BYTES / 1024 / 1024} MiB the API takes`;

/** Fastify's error when no parser takes the request's content type. */
export const UNSUPPORTED_MEDIA_TYPE_ERROR = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';

/** The most of a content-type header an error message repeats. */
const MAX_ECHOED_TYPE_LENGTH = 100;

/** Leaves `application/json` the only body type of the API's routes. */
export function acceptJsonBodiesOnly(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
}

/** What a 415 says: the type sent (or that none was), and the one expected. */
export function unsupportedMediaTypeMessage(request: FastifyRequest): string {
  const sent = request.headers['content-type'];
  const what =
    sent === undefined || sent.trim() === ''
      ? 'The request body has no content-type'
      : `Unsupported content-type "${sent.length > MAX_ECHOED_TYPE_LENGTH ? `${sent.slice(0, MAX_ECHOED_TYPE_LENGTH)}…` : sent}"`;
  return `${what}: send the body as JSON, with the header content-type: application/json`;
}
