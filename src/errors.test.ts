import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  diskFullWhileWriting,
  ERROR_CODES,
  HubgetError,
  isProgrammingError,
  toHubgetError,
} from './errors.js';

describe('errors', () => {
  it('keeps docs/errors.md in step with the code list', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('maps ENOSPC to DISK_FULL and keeps HubgetErrors', () => {
    const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect(toHubgetError(enospc).code).toBe('DISK_FULL');
    expect(toHubgetError(enospc).message).toBe('No space left on device');
    const named = Object.assign(new Error('rename failed'), {
      code: 'ENOSPC',
      path: '/c/blobs/x.incomplete',
    });
    expect(toHubgetError(named).message).toBe('No space left on device at /c/blobs/x.incomplete');
    // A path with a space quoted, as every path hubget prints (src/format/shell-word.ts).
    const spaced = Object.assign(new Error('rename failed'), {
      code: 'ENOSPC',
      path: '/c/my cache/x.incomplete',
    });
    expect(toHubgetError(spaced).message).toBe("No space left on device at '/c/my cache/x.incomplete'");
    expect(diskFullWhileWriting(toHubgetError(enospc), 'my weights/a b.bin', '/m/my models').message).toBe(
      "No space left on device in '/m/my models' while writing 'my weights/a b.bin'",
    );
    const own = new HubgetError('STALLED', 'x', { retryable: true });
    expect(toHubgetError(own)).toBe(own);
    expect(own.toJSON()).toEqual({ code: 'STALLED', message: 'x', retryable: true });
  });

  it('turns plain bugs and anything unknown into INTERNAL_ERROR, never a transfer or network code', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'size')");
    const mapped = toHubgetError(bug);
    expect(mapped.code).toBe('INTERNAL_ERROR');
    expect(mapped.message).toBe(
      "Internal error (a bug in hubget, please report it): TypeError: Cannot read properties of undefined (reading 'size')",
    );
    expect(mapped.cause).toBe(bug);
    expect(mapped.retryable).toBe(false);
    // A caller's fallback is for system errors, not for bugs.
    expect(toHubgetError(new RangeError('bad length'), 'IO_ERROR').code).toBe('INTERNAL_ERROR');
    expect(toHubgetError('a string').code).toBe('INTERNAL_ERROR');
    expect(toHubgetError(new Error('odd')).code).toBe('INTERNAL_ERROR');
  });

  it('keeps system errors apart from bugs', () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(isProgrammingError(fetchFailed)).toBe(false);
    expect(isProgrammingError(new TypeError('x is not a function'))).toBe(true);
    const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open' });
    expect(toHubgetError(eacces).code).toBe('IO_ERROR');
    expect(toHubgetError(eacces, 'HUB_HTTP_ERROR').code).toBe('HUB_HTTP_ERROR');
  });
});
