import { describe, expect, it } from 'vitest';
import { ConnectionHistory } from './connection-history.js';

describe('ConnectionHistory', () => {
  it('gives the bytes delivered after any moment within its window', () => {
    const history = new ConnectionHistory(1000, 10);
    for (let t = 0; t <= 500; t += 100) history.add(1000, t);
    expect(history.bytesSince(Number.NEGATIVE_INFINITY)).toBe(6000);
    expect(history.bytesSince(250)).toBe(3000); // at 300, 400, 500
    expect(history.bytesSince(300)).toBe(2000); // a sample at the moment itself counts as before it
    expect(history.bytesSince(500)).toBe(0);
  });

  it('joins bytes added within one step, and keeps only what its longest window needs', () => {
    const history = new ConnectionHistory(1000, 10);
    history.add(100, 0);
    history.add(100, 5); // joins the sample at 0
    for (let t = 20; t <= 5000; t += 20) history.add(100, t);
    // A window reaching back its full length is still exact after thousands of samples were dropped.
    expect(history.bytesSince(4000)).toBe(50 * 100);
    expect(history.bytesSince(Number.NEGATIVE_INFINITY)).toBe(252 * 100);
  });

  it('sums the time spent waiting on our side within a window, an open wait included', () => {
    const history = new ConnectionHistory(10_000, 10);
    history.setWaiting(true, 100);
    history.setWaiting(true, 150); // already waiting: no new start
    history.setWaiting(false, 300);
    history.setWaiting(false, 350); // not waiting: nothing to end
    history.setWaiting(true, 900);
    expect(history.waitedSince(0, 1000)).toBe(200 + 100);
    expect(history.waitedSince(300, 1000)).toBe(100);
    expect(history.waitedSince(950, 1000)).toBe(50);
    // A wait that began before the window and ended in it counts whole: never less than the truth.
    expect(history.waitedSince(200, 1000)).toBe(200 + 100);
  });
});
