/**
 * A model line for the adaptive connection controller's unit tests (src/transfer/adaptive-connections*.test.ts):
 * rates as a function of the connections open, sampled like segmented-fetch.ts samples a file.
 */
import { AdaptiveConnections } from '../../../src/transfer/adaptive-connections.js';

export const MB = 1_000_000;

/**
 * Drives the controller with a model line: rate(n) bytes/s for n open connections, one sample per 250 ms;
 * with `busy`, the share of each interval the client's event loop was busy (interval index from 0).
 */
export function simulate(
  controller: AdaptiveConnections,
  rate: (connections: number) => number,
  intervals: number,
  open: (target: number) => number = (target) => target,
  busy?: (connections: number, interval: number) => number,
): number[] {
  const targets: number[] = [];
  let bytes = 0;
  let nowMs = 0;
  let busyMs = 0;
  controller.sample(bytes, nowMs, open(controller.target), busy && busyMs);
  for (let index = 0; index < intervals; index++) {
    const connections = open(controller.target);
    nowMs += 250;
    bytes += (rate(connections) * 250) / 1000;
    busyMs += (busy?.(connections, index) ?? 0) * 250;
    targets.push(controller.sample(bytes, nowMs, connections, busy && busyMs));
  }
  return targets;
}

/** A CDN that paces every connection at 20 MB/s. */
export const paced = (connections: number) => connections * 20 * MB;

/**
 * A model line `base(n)` whose rate is scaled by `factor(k)` in the k-th interval (from 1) spent at `count`
 * connections: a dip, a burst or slow start at one count.
 */
export function atCount(
  count: number,
  base: (connections: number) => number,
  factor: (sample: number) => number,
): (connections: number) => number {
  let samples = 0;
  return (connections) => {
    if (connections !== count) return base(connections);
    samples++;
    return base(connections) * factor(samples);
  };
}

/** 20 MB/s per connection, the client topping out at `limitMB` MB/s: the targets of `intervals` samples. */
export function clientTopsOut(limitMB: number, intervals: number) {
  const controller = new AdaptiveConnections({ initial: 8, ceiling: 32 });
  const rate = (n: number) => Math.min(paced(n), limitMB * MB);
  const targets = simulate(controller, rate, intervals);
  return { controller, rate, targets, final: targets.at(-1) ?? 0 };
}
