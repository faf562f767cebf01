/**
 * Logger options for the Fastify app: pino with secrets redacted. Headers and bodies are not logged by
 * default; the redact paths cover the places they could still appear (a route logging a body, an error
 * carrying request data), and the hooks scrub token-looking strings from every message.
 */
import type { FastifyServerOptions } from 'fastify';
import type { AppLogOptions } from './deps.js';
import { maskTokenParams, scrubSecrets } from './scrub-secrets.js';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.token',
  'headers.authorization',
  'authorization',
  'hfToken',
  'token',
  '*.hfToken',
  '*.token',
  '*.*.hfToken',
  'body.hfToken',
  'req.body.hfToken',
  'req.body.token',
];

interface SerializableRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
}

interface SerializableError {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
}

/**
 * What Fastify's listen() is told to log for each address it listens on, and the logger then drops: serve.ts logs
 * one line of its own once listening, with the URL and the folders (data, models, HF cache). Fastify's
 * `Server listening at …` said the URL again just above it.
 */
export const UNLOGGED_LISTEN_TEXT = 'hubget: Fastify listening (not logged)';

export function loggerOptions(options: AppLogOptions | false | undefined): FastifyServerOptions['logger'] {
  if (options === false) return false;
  return {
    level: options?.level ?? 'info',
    ...(options?.stream ? { stream: options.stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: SerializableRequest) {
        return {
          method: request.method,
          url: maskTokenParams(request.url),
          host: request.hostname,
          remoteAddress: request.ip,
        };
      },
      err(error: SerializableError) {
        return {
          type: error.name ?? 'Error',
          code: typeof error.code === 'string' ? error.code : undefined,
          message: scrubSecrets(String(error.message ?? '')),
          stack: scrubSecrets(error.stack ?? ''),
        };
      },
    },
    hooks: {
      logMethod(args, method) {
        if (args[0] === UNLOGGED_LISTEN_TEXT) return;
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}
