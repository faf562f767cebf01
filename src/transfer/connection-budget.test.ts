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
