/**
 * The limits of a download request that the jobs service enforces, from src/defaults.ts (the server's
 * schemas advertise the same numbers in /api/openapi.json; test/server/openapi-limits.test.ts keeps the
 * two in step). Repo ids are checked by the hub room's parseRepoRef, local dirs by resolveLocalDir.
 */
import type { NewJobRequest } from '../api-types.js';
import { MAX_JOB_NAME_LENGTH, MAX_PATTERN_LENGTH, MAX_PATTERNS, MAX_REVISION_LENGTH } from '../defaults.js';
import { fieldError } from '../field-error.js';

function checkPatterns(value: unknown, what: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length > MAX_PATTERNS) {
    throw fieldError(what, `must be a list of at most ${MAX_PATTERNS} patterns`);
  }
  for (const item of value) {
    if (typeof item !== 'string' || item === '' || item.length > MAX_PATTERN_LENGTH) {
      const problem = `each must be non-empty and at most ${MAX_PATTERN_LENGTH} characters`;
      throw fieldError(
        what,
        problem,
        `${what} patterns must be non-empty and at most ${MAX_PATTERN_LENGTH} characters`,
      );
    }
  }
}

/** Throws INVALID_ARGUMENT when a field of the request is outside its documented limit. */
export function checkRequestLimits(request: NewJobRequest): void {
  const { revision, name } = request;
  if (revision !== undefined && (typeof revision !== 'string' || revision.length > MAX_REVISION_LENGTH)) {
    throw fieldError('revision', `must be at most ${MAX_REVISION_LENGTH} characters`);
  }
  if (name !== undefined && (typeof name !== 'string' || name === '' || name.length > MAX_JOB_NAME_LENGTH)) {
    throw fieldError('name', `must be from 1 to ${MAX_JOB_NAME_LENGTH} characters`);
  }
  checkPatterns(request.include, 'include');
  checkPatterns(request.exclude, 'exclude');
}
