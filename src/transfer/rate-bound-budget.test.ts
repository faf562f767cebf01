import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { countedBudget, createConnectionBudget } from './connection-budget.js';
import {
  CONNECTION_READ_AHEAD_BYTES,
  connectionsForLimits,
  fileConnectionsUnderLimits,
  LIMITED_BYTES_PER_SECOND_PER_CONNECTION,
  MIN_LIMITED_REQUEST_BYTES,
  rateBoundBudget,
  segmentBytesForLimits,
} from './rate-bound-budget.js';
import { createRateLimiter } from './rate-limiter.js';

const SHARE = LIMITED_BYTES_PER_SECOND_PER_CONNECTION;

/** Resolves on the next turn of the event loop: pending grants have settled by then. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('connectionsForLimits', () => {
  it('gives each connection at least its share of the lowest active limit, and at least one', () => {
    expect(connectionsForLimits([])).toBe(Number.POSITIVE_INFINITY);
    expect(connectionsForLimits([createRateLimiter(0)])).toBe(Number.POSITIVE_INFINITY);
    expect(connectionsForLimits([createRateLimiter(SHARE / 10)])).toBe(1);
    expect(connectionsForLimits([createRateLimiter(5.5 * SHARE)])).toBe(5);
    // A global limit and a job's: the lower one decides.
    expect(connectionsForLimits([createRateLimiter(0), createRateLimiter(3 * SHARE)])).toBe(3);
    expect(connectionsForLimits([createRateLimiter(20 * SHARE), createRateLimiter(2 * SHARE)])).toBe(2);
  });
});

describe('segmentBytesForLimits', () => {
  it("asks for what one connection may read ahead, or its share of the base rule's among more connections", () => {
    expect(segmentBytesForLimits([createRateLimiter(0)])).toBe(Number.POSITIVE_INFINITY);
    const limiters = [createRateLimiter(2 * SHARE)];
    expect(segmentBytesForLimits(limiters)).toBe(CONNECTION_READ_AHEAD_BYTES);
    expect(segmentBytesForLimits(limiters, 2)).toBe(CONNECTION_READ_AHEAD_BYTES);
    // 13 slow connections where the base rule allows 2: together no further ahead than those 2.
    const share = segmentBytesForLimits(limiters, 13);
    expect(share).toBe(Math.floor((2 * CONNECTION_READ_AHEAD_BYTES) / 13));
    expect(13 * share).toBeLessThanOrEqual(2 * CONNECTION_READ_AHEAD_BYTES);
    expect(segmentBytesForLimits(limiters, 1000)).toBe(MIN_LIMITED_REQUEST_BYTES);
  });
});

describe('fileConnectionsUnderLimits', () => {
  it('runs the adaptive target, or as many slow connections as the limit can use within the file cap', () => {
    const budget = (limitConnections?: number) =>
      Object.assign(createConnectionBudget(32), { limitConnections });
    const limited = [createRateLimiter(4 * SHARE)];
    expect(fileConnectionsUnderLimits([createRateLimiter(0)], budget(13), 8, 32)).toBeUndefined();
    expect(fileConnectionsUnderLimits(limited, budget(), 8, 32)).toEqual({ target: 8, capped: false });
    expect(fileConnectionsUnderLimits(limited, budget(13), 8, 32)).toEqual({ target: 13, capped: false });
    // The file's cap holds it below what the limit could use: the cap is the reason, not the limit.
    expect(fileConnectionsUnderLimits(limited, budget(13), 8, 10)).toEqual({ target: 10, capped: true });
  });
});

describe('rateBoundBudget', () => {
  it('is the budget itself without limiters', () => {
    const budget = countedBudget(createConnectionBudget(4));
    expect(rateBoundBudget(budget, [])).toBe(budget);
  });

  it('hands out only the connections the limit can use, first come first served', async () => {
    const limiter = createRateLimiter(2 * SHARE);
    const budget = rateBoundBudget(countedBudget(createConnectionBudget(32)), [limiter]);
    expect(budget.available).toBe(2);
    const first = await budget.acquire();
    await budget.acquire();
    expect(budget.available).toBe(0);
    expect(budget.inUse).toBe(2);
    const order: string[] = [];
    const waitingA = budget.acquire().then((release) => {
      order.push('a');
      return release;
    });
    void budget.acquire().then(() => order.push('b'));
    await settle();
    expect(order).toEqual([]);
    first();
    first(); // releasing twice is harmless
    await waitingA;
    await settle();
    expect(order).toEqual(['a']);
    expect(budget.inUse).toBe(2);
  });

  it('follows the limit live: a raised limit frees slots for those waiting, a lowered one interrupts nobody', async () => {
    const limiter = createRateLimiter(SHARE);
    const budget = rateBoundBudget(countedBudget(createConnectionBudget(32)), [limiter]);
    const release = await budget.acquire();
    let granted = 0;
    const waiting = [budget.acquire(), budget.acquire()].map((promise) =>
      promise.then((releaseOne) => {
        granted++;
        return releaseOne;
      }),
    );
    await settle();
    expect(granted).toBe(0);
    limiter.setRate(3 * SHARE);
    const [second, third] = await Promise.all(waiting);
    expect(granted).toBe(2);
    limiter.setRate(SHARE);
    expect(budget.inUse).toBe(3);
    expect(budget.available).toBe(0);
    release();
    second!();
    expect(budget.available).toBe(0);
    third!();
    expect(budget.available).toBe(1);
    // Unlimited: the underlying budget alone decides.
    limiter.setRate(0);
    expect(budget.available).toBe(32);
  });

  it('counts a slot still being acquired from a shared budget that is full', async () => {
    const shared = createConnectionBudget(1);
    const other = await shared.acquire(); // another download holds the only slot
    const budget = rateBoundBudget(countedBudget(shared), [createRateLimiter(SHARE)]);
    const pending = budget.acquire();
    // The one connection the limit allows is already asked for: no second one may be asked.
    expect(budget.available).toBe(0);
    other();
    const release = await pending;
    expect(budget.inUse).toBe(1);
    release();
    expect(budget.inUse).toBe(0);
  });

  it('lets a waiter abort, and gives the slot to the next one', async () => {
    const budget = rateBoundBudget(countedBudget(createConnectionBudget(8)), [createRateLimiter(SHARE)]);
    const release = await budget.acquire();
    const controller = new AbortController();
    const aborted = budget.acquire(controller.signal).catch((caught: unknown) => caught);
    const next = budget.acquire();
    controller.abort();
    expect(isHubgetError(await aborted, 'ABORTED')).toBe(true);
    release();
    await next;
    expect(budget.inUse).toBe(1);
  });
});
