import { describe, expect, it } from 'vitest';
import { afterWaitWords, connectionWaitWords, retryWaitLine } from './retry-wait-words.js';

describe('connectionWaitWords', () => {
  const wait = { status: 503, leftMs: 4200, attempt: 1 };
  it("says the try one connection reconnects for and its retries' limit as a file's wait says them", () => {
    const limits = [
      { limit: { failures: 5 }, lastTry: false },
      { limit: { forMs: 60_000 }, lastTry: false },
      { limit: { forMs: 60_000 }, lastTry: true },
      { limit: undefined, lastTry: false },
    ];
    for (const more of limits) {
      // The file's wait: `then …`; the connection's: `as …`, the same words after it.
      const after = afterWaitWords({ ...wait, ...more }).replace(/^then /, '');
      expect(connectionWaitWords({ ...wait, ...more }, 3)).toBe(
        `the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as ${after}`,
      );
    }
    expect(connectionWaitWords({ ...wait, limit: { failures: 5 }, lastTry: false }, 1)).toBe(
      'the Hub answered 503 on one connection; reconnecting it in 5 s while another fetches, as try 2 of 5',
    );
    expect(connectionWaitWords({ ...wait, limit: { forMs: 300_000 }, lastTry: false }, 2)).toBe(
      'the Hub answered 503 on one connection; reconnecting it in 5 s while 2 others fetch, as try 2, for up to 5 min without progress',
    );
    expect(
      connectionWaitWords({ ...wait, leftMs: 218_000, limit: { forMs: 60_000 }, lastTry: true }, 2),
    ).toBe(
      'the Hub answered 503 on one connection; reconnecting it in 3 min 38 s while 2 others fetch, as one last try (the 1 min of retries without progress is over by then)',
    );
  });

  it("says a connection another request's 429 holds as held, not answered", () => {
    expect(
      connectionWaitWords({ status: 429, leftMs: 4200, attempt: 0, limit: null, lastTry: false }, 3, true),
    ).toBe(
      "the Hub's 429 to another request holds one connection; reconnecting it in 5 s while 3 others fetch, as try 1",
    );
  });

  it('does not promise a held wait the time budget it does not spend (no try failed: attempt 0)', () => {
    const held = { status: 429, leftMs: 30_500, attempt: 0, limit: { forMs: 300_000 }, lastTry: false };
    expect(retryWaitLine({ path: 'a.bin', ...held })).toBe('a.bin waits 31 s for the Hub (429), then try 1');
    expect(connectionWaitWords(held, 2, true)).toBe(
      "the Hub's 429 to another request holds one connection; reconnecting it in 31 s while 2 others fetch, as try 1",
    );
    // A held wait after failed tries: their time without progress runs on, the budget is said.
    expect(retryWaitLine({ path: 'a.bin', ...held, attempt: 2 })).toBe(
      'a.bin waits 31 s for the Hub (429), then try 3, for up to 5 min without progress',
    );
  });

  it("leaves a file's wait as it was", () => {
    expect(retryWaitLine({ path: 'a b.bin', ...wait, limit: { forMs: 60_000 }, lastTry: false })).toBe(
      "'a b.bin' waits 5 s for the Hub (503), then try 2, for up to 1 min without progress",
    );
  });
});
