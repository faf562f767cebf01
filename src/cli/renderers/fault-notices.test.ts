/**
 * Every notice the download prints on a fault (a stall, a dropped connection, a server error, a URL expired, a
 * file's bytes thrown away, the Hub not answering, a listing retry) punctuated by one rule
 * (src/format/path-punctuation.ts): a dash only where a colon would follow a path, and what hubget does about the
 * fault after a `;`, never a hyphen standing in for a second dash.
 */
import { describe, expect, it } from 'vitest';
import { planEvent } from '../../../test/support/cli/test-events.js';
import {
  droppedRetry,
  retryEvent,
  serverErrorRetry,
  stallEvent,
} from '../../../test/support/progress/retry-events.js';
import { HubgetError } from '../../errors.js';
import { retryPolicy } from '../../hub/retry-policy.js';
import type { TransferEvent } from '../../progress/events.js';
import { startListingNotices } from '../listing-notices.js';
import { createLogRenderer } from './log-renderer.js';

/** The lines the download's plain renderer prints for `events`, with the listing's retry notices before them. */
function faultNotices(events: TransferEvent[]): string[] {
  const lines: string[] = [];
  const listing = startListingNotices((line) => lines.push(line), 'org/model', undefined, retryPolicy());
  const unreachable = new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach 127.0.0.1:9', { retryable: true });
  listing.onRetry({ attempt: 1, delayMs: 1000, error: unreachable });
  listing.onRetry({ attempt: 2, delayMs: 2000, error: unreachable });
  listing.done();
  const renderer = createLogRenderer({ writeLine: (line) => lines.push(line), now: () => 0 });
  for (const event of events) renderer.onEvent(event);
  return lines.filter((line) => /^(Notice|Warning)/.test(line));
}

describe('the notices of a download’s faults', () => {
  const events: TransferEvent[] = [
    { ...planEvent(), hubUnavailable: 'Server answered 503 on /api/models/org/model' } as TransferEvent,
    stallEvent('sub/a.bin'),
    stallEvent('sub/a.bin', 'slow-connection'),
    droppedRetry('b.bin', 2000),
    retryEvent('c.bin', { code: 'RANGE_MISMATCH', message: 'Asked bytes=0-9, got none' }, { delayMs: 3000 }),
    serverErrorRetry('d.bin', { limit: { forMs: 60_000 } }),
    serverErrorRetry('g.bin', { status: 503, limit: { forMs: 60_000 } }),
    { type: 'url-refreshed', path: 'sub/e.bin' },
    {
      type: 'file-discarded',
      path: 'sub/f.bin',
      discardedBytes: 900,
      error: { code: 'INTEGRITY_MISMATCH', message: 'sub/f.bin failed its integrity check' },
    },
  ];

  it('say what happened, then after a semicolon what hubget does; a dash only after the path', () => {
    expect(faultNotices(events)).toEqual([
      'Notice: listing org/model — server unreachable; attempt 2 of 5 in 1 s (Cannot reach 127.0.0.1:9)',
      'Notice: listing org/model — still server unreachable; attempt 3 of 5 in 2 s',
      'Notice: the Hub did not answer (Server answered 503 on /api/models/org/model); using the snapshot already on disk, as it is (files it never held cannot be checked without the Hub)',
      'Notice: sub/a.bin — no data for 35 s; reconnecting',
      'Notice: sub/a.bin — connection too slow; replacing it',
      'Notice: b.bin — connection dropped; reconnecting in 2 s (Network error (UND_ERR_SOCKET): other side closed)',
      'Notice: c.bin — server sent the wrong bytes; reconnecting in 3 s (Asked bytes=0-9, got none)',
      'Notice: d.bin — server error; reconnecting in 3 s, for up to 1 min without progress (Server answered 503 for bytes=0-9)',
      'Notice: g.bin waits 3 s for the Hub (503), then try 2, for up to 1 min without progress (Server answered 503 for bytes=0-9)',
      'Notice: sub/e.bin — download URL expired; using a new one',
      'Warning: sub/f.bin failed its integrity check [INTEGRITY_MISMATCH]; 900 B discarded, fetching sub/f.bin again',
    ]);
  });

  it('use no hyphen for a dash, and at most one dash, the one after the path', () => {
    const notices = faultNotices(events);
    expect(notices).toHaveLength(11);
    for (const line of notices) {
      expect(line).not.toMatch(/ - /);
      expect(line.split(' — ').length, line).toBeLessThanOrEqual(2);
      if (line.includes(' — ')) expect(line, line).toMatch(/^Notice: (listing )?\S+ — /);
    }
  });

  it('quote a file name with a space, as every path the CLI says (src/format/shell-word.ts)', () => {
    expect(
      faultNotices([
        stallEvent('my model.bin'),
        droppedRetry('my model.bin', 2000),
        serverErrorRetry('my model.bin', { status: 503 }),
        { type: 'url-refreshed', path: 'my model.bin' },
      ]).slice(2),
    ).toEqual([
      "Notice: 'my model.bin' — no data for 35 s; reconnecting",
      "Notice: 'my model.bin' — connection dropped; reconnecting in 2 s (Network error (UND_ERR_SOCKET): other side closed)",
      "Notice: 'my model.bin' waits 3 s for the Hub (503), then try 2 (Server answered 503 for bytes=0-9)",
      "Notice: 'my model.bin' — download URL expired; using a new one",
    ]);
  });
});
