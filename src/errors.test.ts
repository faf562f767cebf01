import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, HubgetError, toHubgetError } from './errors.js';

describe('errors', () => {
  it('keeps docs/errors.md in step with the code list', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('maps ENOSPC to DISK_FULL and keeps HubgetErrors', () => {
    const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect(toHubgetError(enospc).code).toBe('DISK_FULL');
    const own = new HubgetError('STALLED', 'x', { retryable: true });
    expect(toHubgetError(own)).toBe(own);
    expect(own.toJSON()).toEqual({ code: 'STALLED', message: 'x', retryable: true });
  });
});
