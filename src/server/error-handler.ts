/**
 * Turns anything thrown in a route into `{code, message}` with the status from error-status.ts.
 * Validation errors say which field is wrong and why (an enum names its allowed values); a refused body field or
 * query parameter, the schema's or a service's (src/field-error.ts), adds `field` and `problem` apart, for a form
 * to say in its own words. 5xx answers never carry stacks or internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../api-types.js';
import { type HubgetError, isHubgetError } from '../errors.js';
import { fieldProblemOf } from '../field-error.js';
import { FULL_COMMIT_PATTERN, REPO_ID_HINT, repoIdError, retryAfterSeconds } from '../hub/index.js';
import { validateQueuePosition } from '../jobs/job-queue.js';
import { validateStallTimeoutMs } from '../jobs/settings.js';
import { validateProgressDir } from '../progress/progress-dir.js';
import {
  BODY_TOO_LARGE_ERROR,
  BODY_TOO_LARGE_MESSAGE,
  UNSUPPORTED_MEDIA_TYPE_ERROR,
  unsupportedMediaTypeMessage,
} from './body-media-type.js';
import { statusOfErrorCode } from './error-status.js';
import { scrubSecrets } from './scrub-secrets.js';

interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A local dir's folder under the models dir (a path parameter, a body's `localFolder`). */
const FOLDER_HINT = 'expected a single folder name (no "/", not "." or "..")';

/** What a `pattern` failure means, by field name (ajv would print the regular expression). */
const PATTERN_HINTS: Record<string, string> = {
  repoId: REPO_ID_HINT,
  revision: 'expected a branch, tag, commit or refs/pr/N without spaces or ".."',
  localDir: 'expected a folder name or an absolute path without ".." segments',
  id: 'expected a job id (letters, digits, "-", "_")',
  endpoint: 'expected an http(s) URL',
  org: 'expected a Hub namespace (letters, digits, "_", "-", ".")',
  name: 'expected a Hub repository name (letters, digits, "_", "-", ".")',
  folder: FOLDER_HINT,
  localFolder: FOLDER_HINT,
};

/**
 * Body fields whose service validator words every refusal for a person (the Settings form shows it as is):
 * when the schema refuses one of them, the validator's message is the answer, not ajv's ("must NOT have
 * fewer than 1 characters") nor a hint.
 */
const SERVICE_WORDED: Record<string, (value: unknown) => unknown> = {
  position: validateQueuePosition,
  progressDir: validateProgressDir,
  stallTimeoutMs: validateStallTimeoutMs,
};

/** The validator's refusal of a body field it words, or undefined. */
function serviceWorded(field: string, value: unknown): HubgetError | undefined {
  if (!Object.hasOwn(SERVICE_WORDED, field)) return undefined;
  const validate = SERVICE_WORDED[field]!;
  try {
    validate(value);
  } catch (error) {
    if (isHubgetError(error)) return error;
  }
  return undefined;
}

/** A HubgetError's answer: its code and message, and the field and problem of a refused field; no secret in them. */
function refusalApiError(error: HubgetError): ApiError {
  const refused = fieldProblemOf(error);
  return {
    code: error.code,
    message: scrubSecrets(error.message),
    ...(refused && { field: refused.field, problem: scrubSecrets(refused.problem) }),
  };
}

const CONTEXT_NAMES: Record<string, string> = {
  body: 'body',
  params: 'path parameter',
  querystring: 'query parameter',
  headers: 'header',
};

function fieldName(instancePath: string): string {
  return instancePath.replace(/^\//, '').replace(/\//g, '.');
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current: unknown = data;
  for (const segment of instancePath.split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The schema's refusal of `field`: the message names it in the API's words; a form's field adds it and `problem`. */
function refusedField(
  context: FastifyError['validationContext'],
  field: string,
  message: string,
  problem: string,
  code = 'INVALID_ARGUMENT',
): ApiError {
  // What a form sends: a body field or a query parameter (a path parameter is an address, a header the client's).
  const fromForm = (context === 'body' || context === 'querystring') && field !== '';
  return { code, message, ...(fromForm && { field, problem }) };
}

function validationApiError(error: FastifyError, request: FastifyRequest): ApiError {
  const first = (error.validation as AjvErrorLike[] | undefined)?.[0];
  const context = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? 'request';
  if (!first) return { code: 'INVALID_ARGUMENT', message: error.message };
  const field = fieldName(first.instancePath);
  const where = field === '' ? context : `${context} field "${field}"`;
  const refused = (problem: string, code?: string) =>
    refusedField(error.validationContext, field, `Invalid ${where}: ${problem}`, problem, code);
  if (error.validationContext === 'body') {
    const worded = serviceWorded(field, valueAt(request.body, first.instancePath));
    if (worded !== undefined) return refusalApiError(worded);
  }
  switch (first.keyword) {
    case 'additionalProperties':
      return {
        code: 'INVALID_ARGUMENT',
        message: `Unknown ${context} field "${[field, first.params.additionalProperty].filter(Boolean).join('.')}"`,
      };
    case 'required':
      return {
        code: 'INVALID_ARGUMENT',
        message: `Missing required ${context} field "${[field, first.params.missingProperty].filter(Boolean).join('.')}"`,
      };
    case 'pattern':
    case 'maxLength':
    case 'minLength': {
      const leaf = field.split('.').pop() ?? field;
      if (leaf === 'repoId') {
        const source = error.validationContext === 'body' ? request.body : undefined;
        const value = valueAt(source, first.instancePath);
        const problem = repoIdProblem(value, request.body);
        return refusedField(error.validationContext, field, problem, problem, 'INVALID_REPO_ID');
      }
      // A field that takes only a full commit (a revision to delete) says so, whatever its name says elsewhere.
      const hint =
        first.keyword !== 'pattern'
          ? lengthHint(first.keyword, first.params.limit)
          : first.params.pattern === FULL_COMMIT_PATTERN
            ? 'expected a full 40-character commit hash'
            : PATTERN_HINTS[leaf];
      return refused(hint ?? first.message ?? 'invalid value');
    }
    case 'enum':
      // ajv says only "must be equal to one of the allowed values": name them, every enum the same way.
      return refused(allowedValues(first.params.allowedValues));
    default:
      return refused(first.message ?? 'invalid value');
  }
}

/** `expected at most 256 characters` for a maxLength (ajv: "must NOT have more than 256 characters"). */
function lengthHint(keyword: string, limit: unknown): string | undefined {
  if (typeof limit !== 'number') return undefined;
  const characters = `${limit} character${limit === 1 ? '' : 's'}`;
  return keyword === 'maxLength' ? `expected at most ${characters}` : `expected at least ${characters}`;
}

/** `expected one of "downloads", "likes", "trending", "lastModified"` for an enum's allowed values. */
function allowedValues(values: unknown): string {
  if (!Array.isArray(values) || values.length === 0) return 'must be equal to one of the allowed values';
  return `expected one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
}

/** The one validator's own message (why this id is wrong), else the generic hint. */
function repoIdProblem(value: unknown, body: unknown): string {
  if (typeof value === 'string') {
    const repoType = (body as { repoType?: unknown } | null)?.repoType;
    const problem = repoIdError(value, typeof repoType === 'string' ? repoType : undefined);
    if (problem !== null) return problem;
  }
  const shown = typeof value === 'string' ? ` "${value.slice(0, 120)}"` : '';
  return `Invalid repository id${shown}: ${REPO_ID_HINT}`;
}

export const INTERNAL_MESSAGE = 'Internal server error (details are in the server log)';

export function sendApiError(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const body = validationApiError(error, request);
      request.log.info({ code: body.code }, `rejected request: ${body.message}`);
      return sendApiError(reply, 400, body);
    }
    if (isHubgetError(error)) {
      const status = statusOfErrorCode(error.code);
      const message = scrubSecrets(error.message);
      if (status >= 500) {
        request.log.error({ err: error, code: error.code }, `request failed: ${message}`);
        // IO_ERROR and INTERNAL_ERROR messages carry server paths and internals: log them, answer generically.
        const safe =
          error.code === 'IO_ERROR'
            ? 'A filesystem operation failed on the server (see its log)'
            : status === 500
              ? INTERNAL_MESSAGE
              : message;
        return sendApiError(reply, status, { code: error.code, message: safe });
      }
      request.log.info({ code: error.code }, `request refused: ${message}`);
      if (error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined) {
        reply.header('retry-after', retryAfterSeconds(error.retryAfterMs));
      }
      return sendApiError(reply, status, refusalApiError(error));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (error.code === UNSUPPORTED_MEDIA_TYPE_ERROR) {
      return sendApiError(reply, 415, {
        code: 'INVALID_ARGUMENT',
        message: unsupportedMediaTypeMessage(request),
      });
    }
    if (error.code === BODY_TOO_LARGE_ERROR) {
      return sendApiError(reply, 413, { code: 'INVALID_ARGUMENT', message: BODY_TOO_LARGE_MESSAGE });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: bad JSON, wrong content type, body too large.
      return sendApiError(reply, status, { code: 'INVALID_ARGUMENT', message: scrubSecrets(error.message) });
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendApiError(reply, 500, { code: 'INTERNAL_ERROR', message: INTERNAL_MESSAGE });
  });
}

/** The most of a request's path an error message repeats (a URL may be kilobytes long). */
const MAX_ECHOED_PATH_LENGTH = 200;

function echoedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > MAX_ECHOED_PATH_LENGTH ? `${path.slice(0, MAX_ECHOED_PATH_LENGTH)}…` : path;
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendApiError(reply, 404, {
    code: 'ROUTE_NOT_FOUND',
    message: `No route ${request.method} ${echoedPath(request.url)}`,
  });
}
