/**
 * Request bodies are JSON only (docs/api.md). Fastify would also take `text/plain` (as a string, which the
 * route schema then refused with "Invalid body: must be object") and answer any other type with a bare
 * "Unsupported Media Type": `curl -d '{…}'` without `-H 'content-type: application/json'` sends
 * `application/x-www-form-urlencoded`, the usual first mistake of a script. Both are a 415 now, saying which
 * type was sent and which is expected. The mirror's `/hf` scope keeps its own parsers (routes/mirror.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

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
