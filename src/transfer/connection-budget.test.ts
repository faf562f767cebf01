import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { countedBudget, createConnectionBudget } from './connection-budget.js';

describe('createConnectionBudget', () => {
  it('grants up to the limit, then first-come first-served', async () => {
    const budget = createConnectionBudget(2);
    const first = await budget.acquire();
    await budget.acquire();
    expect(budget.available).toBe(0);
    const order: string[] = [];
    const waitingA = budget.acquire().then((release) => {
      order.push('a');
      return release;
    });
    const waitingB = budget.acquire().then((release) => {
      order.push('b');
      return release;
    });
    first();
    first(); // releasing twice is harmless
    const releaseA = await waitingA;
    expect(order).toEqual(['a']);
    releaseA();
    await waitingB;
    expect(order).toEqual(['a', 'b']);
    expect(budget.inUse).toBe(2);
  });

  it('changes its limit live', async () => {
    const budget = createConnectionBudget(1);
    const release = await budget.acquire();
    let granted = false;
    const waiting = budget.acquire().then(() => {
      granted = true;
    });
    budget.setLimit(2);
    await waiting;
    expect(granted).toBe(true);
    budget.setLimit(1);
    release();
    // In use 1 of limit 1: nothing free though one slot was released.
    expect(budget.available).toBe(0);
  });

  it('aborts a waiting acquire', async () => {
    const budget = createConnectionBudget(1);
    await budget.acquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal);
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ABORTED')).toBe(true);
    expect(budget.inUse).toBe(1);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => createConnectionBudget(0)).toThrow(/≥ 1/);
  });
});

describe('countedBudget', () => {
  it('counts the slots taken through it, not those of other users of the shared budget', async () => {
    const shared = createConnectionBudget(4);
    const job = countedBudget(shared);
    const other = await shared.acquire();
    const first = await job.acquire();
    const second = await job.acquire();
    expect(job.inUse).toBe(2);
    expect(shared.inUse).toBe(3);
    expect(job.available).toBe(1);
    first();
    first();
    expect(job.inUse).toBe(1);
    second();
    other();
    expect(job.inUse).toBe(0);
    expect(shared.inUse).toBe(0);
  });
});

describe('fair share between the users of a shared budget', () => {
  /** Takes `count` slots through `view`, returning their releases. */
  async function take(view: { acquire(): Promise<() => void> }, count: number): Promise<Array<() => void>> {
    const releases: Array<() => void> = [];
    for (let i = 0; i < count; i++) releases.push(await view.acquire());
    return releases;
  }

  it('lets a user alone take every slot, and owes nothing while no one else waits', async () => {
    const shared = createConnectionBudget(8);
    const big = countedBudget(shared);
    const small = countedBudget(shared);
    await take(big, 8);
    expect(big.inUse).toBe(8);
    expect(big.contended).toBe(false);
    // Another user that holds none may claim a slot though none is free; the holder owes it one.
    expect(small.claimable).toBe(true);
    expect(big.claimable).toBe(false);
  });

  it('gives a free slot to the waiting user holding the fewest, not to the first in line', async () => {
    const shared = createConnectionBudget(8);
    const big = countedBudget(shared);
    const small = countedBudget(shared);
    const bigSlots = await take(big, 7);
    const smallFirst = await small.acquire();
    const order: string[] = [];
    const bigWaits = big.acquire().then((release) => {
      order.push('big');
      return release;
    });
    const smallWaits = small.acquire().then((release) => {
      order.push('small');
      return release;
    });
    bigSlots[0]!();
    await smallWaits;
    expect(order).toEqual(['small']);
    expect([big.inUse, small.inUse]).toEqual([6, 2]);
    smallFirst();
    await bigWaits;
    expect(order).toEqual(['small', 'big']);
  });

  it('makes a user holding two or more slots above a waiting one give slots back until they are within one', async () => {
    const shared = createConnectionBudget(8);
    const big = countedBudget(shared);
    const small = countedBudget(shared);
    const bigSlots = await take(big, 8);
    // The newcomer queues as many claims as the holder owes it, one by one.
    const smallWaiting: Array<Promise<() => void>> = [];
    while (small.claimable) smallWaiting.push(small.acquire());
    expect(smallWaiting).toHaveLength(4);
    // The holder gives a slot back at each segment boundary while it is contended (segmented-fetch.ts).
    let given = 0;
    while (big.contended) {
      bigSlots.pop()!();
      given++;
    }
    await Promise.all(smallWaiting);
    expect(given).toBe(4);
    expect([big.inUse, small.inUse]).toEqual([4, 4]);
    // Level: neither owes the other, so a slot does not move back and forth between them.
    expect(small.claimable).toBe(false);
    const smallMore = small.acquire();
    expect(big.contended).toBe(false);
    // A user's own caller waiting still takes the slot its lane gives back.
    const bigMore = big.acquire();
    expect(big.contended).toBe(true);
    bigSlots.pop()!();
    await bigMore;
    expect([big.inUse, small.inUse]).toEqual([4, 4]);
    // With one slot free in a budget of 9, neither holds two more than the other: the fewest first.
    shared.setLimit(9);
    await smallMore;
    expect([big.inUse, small.inUse]).toEqual([4, 5]);
  });

  it('promises a user waiting with no slot one at once, once, from a holder that owes it', async () => {
    const shared = createConnectionBudget(8);
    const big = countedBudget(shared);
    const small = countedBudget(shared);
    const bigSlots = await take(big, 8);
    // Alone, nothing is owed.
    expect(big.claimPromptRelease?.()).toBe(false);
    const smallFirst = small.acquire();
    const smallSecond = small.acquire();
    // One promise for the user holding none (its two callers wait for one first slot); none to itself.
    expect(big.claimPromptRelease?.()).toBe(true);
    expect(big.claimPromptRelease?.()).toBe(false);
    expect(small.claimPromptRelease?.()).toBe(false);
    // The slot given back keeps the promise: it goes to the user holding none.
    bigSlots.pop()!();
    await smallFirst;
    expect([big.inUse, small.inUse]).toEqual([7, 1]);
    // It holds one now: the rest moves at segment boundaries (contended), not at once.
    expect(big.claimPromptRelease?.()).toBe(false);
    expect(big.contended).toBe(true);
    bigSlots.pop()!();
    await smallSecond;
  });
});
