/**
 * A refused body field or query parameter is answered with its `field` and `problem` apart from the message
 * (src/field-error.ts, docs/api.md): the schema's refusals and the services' alike, so the web UI's forms say the
 * problem after their own label ("Destination folder: …") instead of the API's wording (`Invalid body field
 * "localDir": …`, `localDir "a/b" must be …`). The message stays the API's. A path parameter's refusal has no field:
 * no form sends one.
 */
import { afterEach, expect, it } from 'vitest';
import type { ApiError } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

it('says which field and why, apart from the message, for the schema and the services alike', async () => {
  harness = await startHarness();
  const refusal = async (method: string, path: string, body?: object) => {
    const answer = await harness!.api<ApiError>(method, path, body);
    expect(answer.status, path).toBe(400);
    return answer.body;
  };
  const preview = (body: object) => refusal('POST', '/api/downloads/preview', { repoId: 'org/a', ...body });

  // The schema's: a ".." segment.
  expect(await preview({ localDir: '../x' })).toEqual({
    code: 'INVALID_ARGUMENT',
    message:
      'Invalid body field "localDir": expected a folder name or an absolute path without ".." segments',
    field: 'localDir',
    problem: 'expected a folder name or an absolute path without ".." segments',
  });
  // The jobs service's (src/jobs/local-dir.ts): a nested folder, a hidden one.
  expect(await preview({ localDir: 'a/b' })).toEqual({
    code: 'INVALID_ARGUMENT',
    message:
      'localDir "a/b" must be one folder directly under the models folder (a name such as "my-model"), not a nested one',
    field: 'localDir',
    problem:
      '"a/b" must be one folder directly under the models folder (a name such as "my-model"), not a nested one',
  });
  expect(await preview({ localDir: '.hidden' })).toMatchObject({
    field: 'localDir',
    problem: expect.stringMatching(/^"\.hidden" is a hidden folder/),
  });
  expect(await preview({ revision: 'a b' })).toMatchObject({
    field: 'revision',
    problem: 'expected a branch, tag, commit or refs/pr/N without spaces or ".."',
  });
  // An item of a list is named by its place.
  expect(await preview({ include: [''] })).toMatchObject({
    field: 'include.0',
    problem: 'expected at least 1 character',
  });

  // The settings: a validator's words (the schema refused it first), and the schema's.
  expect(await refusal('PUT', '/api/settings', { progressDir: 'rel' })).toEqual({
    code: 'INVALID_ARGUMENT',
    message: 'progressDir: rel is not an absolute path; enter one that starts with "/"',
    field: 'progressDir',
    problem: 'rel is not an absolute path; enter one that starts with "/"',
  });
  expect(await refusal('PUT', '/api/settings', { maxParallel: 99 })).toMatchObject({
    field: 'maxParallel',
  });

  // A query parameter: the search's text, at most 256 characters (ajv's "must NOT have more than" reworded).
  expect(await refusal('GET', `/api/hub/search?q=${'x'.repeat(300)}`)).toEqual({
    code: 'INVALID_ARGUMENT',
    message: 'Invalid query parameter field "q": expected at most 256 characters',
    field: 'q',
    problem: 'expected at most 256 characters',
  });

  // A path parameter is no form's field.
  const path = await refusal('GET', '/api/downloads/bad%20id');
  expect(path.message).toMatch(/^Invalid path parameter field "id"/);
  expect(path).not.toHaveProperty('field');
});
