import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { hubRequest, type RetryOptions } from './hub-request.js';
import { RateLimitWindows, rateLimitScopeOf } from './rate-limit-windows.js';
import type { RequestQuota } from './request-quota.js';
import { INTERACTIVE_RETRY_POLICY, SERVER_JOB_RETRY_POLICY } from './retry-policy.js';
import type { HubConfig } from './types.js';

const HUB: HubConfig = { endpoint: 'https://hub.test', token: 'hf_t' };
const API = 'https://hub.test/api/models/org/m';

/**
 * A Hub call's quota over windows on a clock the injected sleep moves on, whose API bucket another request's `429`
 * asked to wait `waitMs`; the requests it lets out are answered 200.
 */
function heldCall(waitMs: number, retry: RetryOptions) {
  let nowMs = 0;
  const windows = new RateLimitWindows(() => nowMs);
  const scope = rateLimitScopeOf(API, HUB)!;
  windows.note(scope.endpoint, scope.bucket, scope.authorization, waitMs);
  const quota: RequestQuota = {
    check: () => undefined,
    heldMs: (url, hub) => {
      const asked = rateLimitScopeOf(url, hub)!;
      return windows.leftMs(asked.endpoint, asked.bucket, asked.authorization);
    },
    limited: () => undefined,
  };
  const sent: number[] = [];
  const dispatcher = {
    request: async () => {
      sent.push(nowMs);
      return { statusCode: 200, headers: {}, body: { text: async () => 'ok', dump: async () => undefined } };
    },
  } as unknown as Dispatcher;
  const retries: Array<Parameters<NonNullable<RetryOptions['onRetry']>>[0]> = [];
  const run = hubRequest(HUB, API, {
    quota,
    dispatcher,
    retry: {
      ...retry,
      sleep: async (ms) => {
        nowMs += ms;
      },
      onRetry: (info) => retries.push(info),
    },
  });
  return { run, sent, retries };
}

describe('a Hub call held by another request’s 429', () => {
  it('waits the wait out, no failure, then asks: a job’s call (5 min without progress)', async () => {
    const { run, sent, retries } = heldCall(31_000, SERVER_JOB_RETRY_POLICY);
    expect((await run).status).toBe(200);
    // Nothing went out before the wait was over.
    expect(sent).toEqual([31_000]);
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 0, delayMs: 31_000, held: true, lastTry: false }),
    ]);
    expect(retries[0]!.error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 31_000 });
  });

  it('waits under a count of tries (the CLI’s listing, 5 tries)', async () => {
    const { run, sent } = heldCall(3_000, {});
    expect((await run).status).toBe(200);
    expect(sent).toEqual([3_000]);
  });

  it('waits a wait longer than what is left of its time budget, as its own 429 would, then asks once', async () => {
    // Its own 429 with this wait, the first failure of 60 s allowed without progress: waited out, then a last try.
    const { run, sent, retries } = heldCall(120_000, { outageBudgetMs: 60_000 });
    expect((await run).status).toBe(200);
    expect(sent).toEqual([120_000]);
    expect(retries).toEqual([expect.objectContaining({ attempt: 0, delayMs: 120_000, held: true })]);
  });

  it('waits a wait longer than the longest it honours when its own 429s would reach its end', async () => {
    // Cut to 10 s, its own 429s would meet the wait 3 times and the 4th try would go: within 5 tries.
    const { run, sent } = heldCall(30_000, { maxServerDelayMs: 10_000 });
    expect((await run).status).toBe(200);
    expect(sent).toEqual([30_000]);
  });

  it('fails at once, sending nothing, when it would not wait that long for a 429 of its own', async () => {
    const cases: RetryOptions[] = [
      // A call a person waits on: one try, a 429 reaches them with its time.
      INTERACTIVE_RETRY_POLICY,
      // Longer than the longest server wait it honours: its own 429s (cut to 10 s) would use up its 5 tries first.
      { maxServerDelayMs: 10_000 },
      // The same under a time budget: the wait outlasts what is left of 60 s.
      { maxServerDelayMs: 10_000, outageBudgetMs: 60_000 },
      // A server wait longer than it honours ends its retries (the mirror's calls).
      { longServerDelay: 'give-up' },
    ];
    for (const retry of cases) {
      const { run, sent, retries } = heldCall(400_000, retry);
      await expect(run).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 400_000 });
      expect(sent).toEqual([]);
      expect(retries).toEqual([]);
    }
  });
});
