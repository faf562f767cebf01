import { describe, expect, it } from 'vitest';
import {
  droppedRetry,
  rateLimitedLastTry,
  retryEvent,
  serverErrorRetry,
  stallEvent,
  stallRetry,
} from '../../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../../progress/index.js';
import { LONG_RETRY_WAIT_MS, ReconnectNotices } from './reconnect-notices.js';

const linesOf = (notices: ReconnectNotices, events: TransferEvent[]) =>
  events.map((event) => notices.lineFor(event)).filter((line) => line !== null);

describe('ReconnectNotices', () => {
  it('says the first dropped connection of a file in words, without a failure code, and counts the rest', () => {
    const notices = new ReconnectNotices();
    const events = [
      ...Array.from({ length: 12 }, () => droppedRetry('model-00001.bin')),
      ...Array.from({ length: 10 }, () => droppedRetry('model-00002.bin', 1000)),
    ];
    expect(linesOf(notices, events)).toEqual([
      'Notice: model-00001.bin — connection dropped; reconnecting now (Network error (UND_ERR_SOCKET): other side closed)',
      'Notice: model-00002.bin — connection dropped; reconnecting in 1 s (Network error (UND_ERR_SOCKET): other side closed)',
    ]);
    expect(notices.count).toBe(22);
  });

  it('says a new kind of trouble of the same file again, once', () => {
    const notices = new ReconnectNotices();
    const serverError = serverErrorRetry('a.bin', { attempt: 2, delayMs: 2000 });
    expect(
      linesOf(notices, [droppedRetry('a.bin'), serverError, serverError, droppedRetry('a.bin')]),
    ).toEqual([
      expect.stringContaining('a.bin — connection dropped'),
      'Notice: a.bin — server error; reconnecting in 2 s (Server answered 503 for bytes=0-9)',
    ]);
    expect(notices.count).toBe(4);
  });

  it('says a stall once per file and kind; its replacement retry is neither said nor counted twice', () => {
    const notices = new ReconnectNotices();
    const replaced = stallRetry('a.bin');
    const events = [
      stallEvent('a.bin'),
      replaced,
      stallEvent('a.bin'),
      replaced,
      stallEvent('a.bin', 'slow-connection'),
      stallEvent('a.bin', 'slow-connection'),
      stallEvent('b.bin', 'slow-connection'),
    ];
    expect(linesOf(notices, events)).toEqual([
      'Notice: a.bin — no data for 35 s; reconnecting',
      'Notice: a.bin — connection too slow; replacing it',
      'Notice: b.bin — connection too slow; replacing it',
    ]);
    expect(notices.count).toBe(5);
  });

  it('counts a dropped connection as re-established, a wait for the Hub (429, 503) not: nothing dropped', () => {
    const notices = new ReconnectNotices();
    const waited = (status: number, attempt: number) =>
      serverErrorRetry('a.bin', { status, attempt, delayMs: 2000 });
    linesOf(notices, [waited(503, 1), waited(503, 2), waited(429, 3), waited(503, 4), waited(408, 5)]);
    expect(notices.count).toBe(0);
    linesOf(notices, [droppedRetry('a.bin', 1000), waited(503, 1), droppedRetry('b.bin')]);
    expect(notices.count).toBe(2);
  });

  it('says a later retry anyway when it waits long: nothing would move meanwhile', () => {
    const notices = new ReconnectNotices();
    const rateLimited = retryEvent(
      'a.bin',
      { code: 'RATE_LIMITED', message: 'The Hub rate-limited this client: retry in 22 s', status: 429 },
      { delayMs: LONG_RETRY_WAIT_MS + 11_000, limit: { failures: 5 } },
    );
    expect(linesOf(notices, [rateLimited, { ...rateLimited, attempt: 2 }])).toEqual([
      'Notice: a.bin waits 21 s for the Hub (429), then try 2 of 5',
      'Notice: a.bin waits 21 s for the Hub (429), then try 3 of 5',
    ]);
  });

  it('says a wait for the Hub once, and what follows it, not a budget the wait outlasts', () => {
    // `--retry-for` left at its minute, the CDN asks 217 s (+ 1 s): one last try after the wait.
    const limited = rateLimitedLastTry('model-00001.bin');
    const line = new ReconnectNotices().lineFor(limited);
    expect(line).toBe(
      'Notice: model-00001.bin waits 3 min 38 s for the Hub (429), then one last try (the 1 min of retries without progress is over by then)',
    );
    // The wait is said once: no "retry in 218 s" beside "3 min 38 s", no "for up to 1 min" beside it.
    expect(line).not.toMatch(/retry in|for up to/);
    // A 5xx's backoff within the budget: the try after it, the budget, and the server's own words.
    const unavailable = serverErrorRetry('a.bin', { attempt: 2, status: 503, limit: { forMs: 60_000 } });
    expect(new ReconnectNotices().lineFor(unavailable)).toBe(
      'Notice: a.bin waits 3 s for the Hub (503), then try 3, for up to 1 min without progress (Server answered 503 for bytes=0-9)',
    );
  });

  it('says one connection reconnecting, not its file waiting, while other connections of the file are open', () => {
    const notices = new ReconnectNotices();
    const beside = (status: number, connectionsOpen: number, delayMs = 5000) =>
      serverErrorRetry('a.bin', { status, delayMs, connectionsOpen });
    expect(
      linesOf(notices, [
        beside(503, 3),
        // Said once: a long wait beside open connections too, for the file's bytes still move.
        beside(503, 2, LONG_RETRY_WAIT_MS + 1000),
        // None open: the file waits, said as before, once.
        beside(503, 0),
        beside(503, 0),
      ]),
    ).toEqual([
      'Notice: a.bin — the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as try 2 (Server answered 503 for bytes=0-9)',
      'Notice: a.bin waits 5 s for the Hub (503), then try 2 (Server answered 503 for bytes=0-9)',
    ]);
    // A 429's message says nothing more; one other open.
    expect(new ReconnectNotices().lineFor(beside(429, 1))).toBe(
      'Notice: a.bin — the Hub answered 429 on one connection; reconnecting it in 5 s while another fetches, as try 2',
    );
    expect(notices.count).toBe(0);
  });

  it("says a connection held by another request's 429 as held, apart from one answered 429 itself", () => {
    const notices = new ReconnectNotices();
    const answered = serverErrorRetry('a.bin', { status: 429, delayMs: 5000, connectionsOpen: 3 });
    const held = { ...answered, attempt: 0, held: true as const };
    expect(linesOf(notices, [held, held, answered])).toEqual([
      "Notice: a.bin — the Hub's 429 to another request holds one connection; reconnecting it in 5 s while 3 others fetch, as try 1",
      'Notice: a.bin — the Hub answered 429 on one connection; reconnecting it in 5 s while 3 others fetch, as try 2',
    ]);
  });

  it("says the limit of one connection's retries beside others open as its file's wait says it (--retry-for)", () => {
    const beside = (more: Parameters<typeof serverErrorRetry>[1]) =>
      new ReconnectNotices().lineFor(
        serverErrorRetry('a.bin', { status: 503, delayMs: 5000, connectionsOpen: 3, ...more }),
      );
    // Counted (--retry-for 0): which try of how many.
    expect(beside({ attempt: 2, limit: { failures: 5 } })).toBe(
      'Notice: a.bin — the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as try 3 of 5 (Server answered 503 for bytes=0-9)',
    );
    // A time budget: for how long without progress, the words of the file's wait (`then try 3, for up to 1 min …`).
    expect(beside({ attempt: 2, limit: { forMs: 60_000 } })).toBe(
      'Notice: a.bin — the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as try 3, for up to 1 min without progress (Server answered 503 for bytes=0-9)',
    );
    // A wait the server asks that outlasts the budget: the last try, not a budget the wait outlasts.
    const last = { ...rateLimitedLastTry('a.bin'), connectionsOpen: 1 };
    const line = new ReconnectNotices().lineFor(last);
    expect(line).toBe(
      'Notice: a.bin — the Hub answered 429 on one connection; reconnecting it in 3 min 38 s while another fetches, as one last try (the 1 min of retries without progress is over by then)',
    );
    // The same words as the file's wait, from the one formatter.
    const fileWait = new ReconnectNotices().lineFor(rateLimitedLastTry('a.bin'));
    expect(fileWait).toContain('then one last try (the 1 min of retries without progress is over by then)');
  });

  it('says how long hubget keeps retrying when the engine retries for a time (--retry-for), not a count', () => {
    const notices = new ReconnectNotices();
    const outage = serverErrorRetry('a.bin', { limit: { forMs: 90_000 } });
    const counted = retryEvent(
      'b.bin',
      { code: 'RANGE_MISMATCH', message: 'Asked bytes=0-9, got Content-Range: none' },
      { delayMs: 3000, limit: { failures: 5 } },
    );
    expect(linesOf(notices, [outage, outage, counted])).toEqual([
      'Notice: a.bin — server error; reconnecting in 3 s, for up to 1 min 30 s without progress (Server answered 503 for bytes=0-9)',
      'Notice: b.bin — server sent the wrong bytes; reconnecting in 3 s (Asked bytes=0-9, got Content-Range: none)',
    ]);
    expect(new ReconnectNotices().lineFor({ ...outage, limit: { forMs: 300_000 } })).toContain(
      '; reconnecting in 3 s, for up to 5 min without progress (',
    );
  });

  it('ignores other events', () => {
    const notices = new ReconnectNotices();
    expect(notices.lineFor({ type: 'url-refreshed', path: 'a.bin' })).toBeNull();
    expect(notices.count).toBe(0);
  });
});
