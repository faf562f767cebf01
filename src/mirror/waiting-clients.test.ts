import { expect, it } from 'vitest';
import { WaitingClients } from './waiting-clients.js';

it('counts the clients until their answers end, and lets those waiting now go at once on release', () => {
  const clients = new WaitingClients();
  let arrivals = 0;
  clients.onArrival(() => arrivals++);
  const first = clients.add();
  const second = clients.add();
  expect(clients.count).toBe(2);
  first.ended();
  first.ended();
  expect(clients.count).toBe(1);

  const reason = new Error('stopped anyway');
  expect(clients.release(reason)).toBe(1);
  expect(clients.count).toBe(0);
  expect(second.released.aborted).toBe(true);
  expect(second.released.reason).toBe(reason);
  // Its answer ending later changes nothing: it was let go already.
  second.ended();
  expect(clients.count).toBe(0);

  // A client arriving later waits as before, on a signal of its own.
  const later = clients.add();
  expect(later.released.aborted).toBe(false);
  expect(clients.count).toBe(1);
  later.ended();
  expect(clients.count).toBe(0);
  expect(arrivals).toBe(3);
});
