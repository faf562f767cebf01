/**
 * How request parts are validated (Fastify's `schemaController.compilersFactory.buildValidator`): a JSON body
 * arrives typed, so a wrong type is refused (400) and never converted; query strings and path parameters
 * arrive as text, so they keep Ajv's type coercion (`?limit=20` is the integer 20).
 *
 * One Ajv setup otherwise, Fastify's own (@fastify/ajv-compiler: formats, shared schemas), with unknown
 * fields refused rather than silently dropped (Fastify's default removes them).
 *
 * Why strict bodies: with coercion `{"bandwidthLimit": true}` became 1 B/s, `{"repoId": 123}` the repo "123",
 * `{"include": "*.bin"}` an array and `{"exclude": null}` `[""]` — quiet guesses where docs/api.md promises a 400.
 */
import { AjvCompiler, type Options as AjvOptions, type ValidatorFactory } from '@fastify/ajv-compiler';

/** Options shared by every request part. `allErrors: false`: all errors of a hostile body cost CPU (Fastify's advice). */
const SHARED_OPTIONS: AjvOptions = { removeAdditional: false, allErrors: false };

/** Body: JSON types are the caller's; nothing is converted. */
const BODY_AJV_OPTIONS: AjvOptions = { ...SHARED_OPTIONS, coerceTypes: false };

/** Query string, path parameters, headers: text, converted to the schema's type ("3" → 3). */
const TEXT_AJV_OPTIONS: AjvOptions = { ...SHARED_OPTIONS, coerceTypes: 'array' };

/**
 * The validator factory: strict for bodies, coercing for the parts that arrive as text. Fastify's `ajv`
 * server option still applies (plugins, onCreate, other Ajv options); the two settings above win.
 */
export function requestValidatorFactory(): ValidatorFactory {
  const buildFromPool = AjvCompiler();
  return (externalSchemas, options) => {
    const { plugins, onCreate } = options ?? {};
    const shared = { ...(plugins ? { plugins } : {}), ...(onCreate ? { onCreate } : {}) };
    const custom = options?.mode === 'JTD' ? {} : options?.customOptions;
    const body = buildFromPool(externalSchemas, {
      ...shared,
      customOptions: { ...custom, ...BODY_AJV_OPTIONS },
    });
    const text = buildFromPool(externalSchemas, {
      ...shared,
      customOptions: { ...custom, ...TEXT_AJV_OPTIONS },
    });
    return (route) => (route.httpPart === 'body' ? body(route) : text(route));
  };
}
