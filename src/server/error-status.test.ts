import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { ERROR_STATUS } from './error-status.js';

describe('ERROR_STATUS', () => {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];

  it('maps every error code to a 4xx or 5xx status', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('follows the families: INVALID_* 400, *_NOT_FOUND 404, conflicts 409, rate limit 429, disk full 507', () => {
    for (const code of codes) {
      if (code.startsWith('INVALID_') && code !== 'INVALID_STATE') expect(ERROR_STATUS[code], code).toBe(400);
      if (code.endsWith('_NOT_FOUND')) expect(ERROR_STATUS[code], code).toBe(404);
    }
    expect(ERROR_STATUS.INVALID_STATE).toBe(409);
    expect(ERROR_STATUS.IN_USE).toBe(409);
    expect(ERROR_STATUS.UNAUTHORIZED).toBe(401);
    expect(ERROR_STATUS.GATED_REPO).toBe(403);
    expect(ERROR_STATUS.RATE_LIMITED).toBe(429);
    expect(ERROR_STATUS.DISK_FULL).toBe(507);
  });
});
