/**
 * Requests Fastify's router refuses before any route runs (a URL whose percent-encoding does not decode,
 * an async constraint that failed) answer `{code, message}` like every other error, never Fastify's own
 * `{error, code: "FST_ERR_…", statusCode}` body, and never echo the URL (it may be kilobytes long).
 *
 * The router never refuses a path parameter for its length: ROUTER_MAX_PARAM_LENGTH is the most a request
 * line can hold (Node's header limit), so a long `:id` reaches its route and the route's schema says what is
 * too long, the same 400 for 65 characters as for 10 000.
 */
import { maxHeaderSize } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../api-types.js';
import { INTERNAL_MESSAGE, sendApiError } from './error-handler.js';

export const ROUTER_MAX_PARAM_LENGTH = maxHeaderSize;

const FRAMEWORK_ANSWERS: Record<string, { status: number; body: ApiError }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    body: { code: 'INVALID_ARGUMENT', message: 'Malformed URL: its path has an invalid percent-encoding' },
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    body: { code: 'INVALID_ARGUMENT', message: 'A path parameter of the URL is too long' },
  },
};

const INTERNAL_ANSWER = { status: 500, body: { code: 'INTERNAL_ERROR', message: INTERNAL_MESSAGE } };

/** Fastify's `frameworkErrors` option. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = FRAMEWORK_ANSWERS[error.code];
  const answer = known ?? INTERNAL_ANSWER;
  if (known) request.log.info({ code: error.code }, `rejected request: ${known.body.message}`);
  else request.log.error({ err: error }, 'router error');
  sendApiError(reply, answer.status, { ...answer.body });
}
