/**
 * Prometheus metrics of the mirror (prom-client): file requests by result, bytes served to clients, bytes
 * fetched upstream, files being pulled. Registered in the app's own registry (src/server/metrics.ts), so
 * /metrics shows them and several servers in one process (tests) never share counters.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { MirrorStats } from '../mirror/index.js';

export interface MirrorMetrics {
  /** Stops counting and removes the metrics from the registry. */
  close(): void;
}

export function registerMirrorMetrics(
  stats: MirrorStats,
  activePulls: () => number,
  registry: Registry,
): MirrorMetrics {
  const names = [
    'hubget_mirror_requests_total',
    'hubget_mirror_served_bytes_total',
    'hubget_mirror_upstream_bytes_total',
    'hubget_mirror_active_pulls',
  ];
  for (const name of names) registry.removeSingleMetric(name);
  const requests = new Counter({
    name: names[0]!,
    help: 'Mirror file requests by result: hit (cache), miss (started an upstream fetch), partial (joined one)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['hit', 'miss', 'partial'] as const) requests.inc({ result }, stats.requests[result]);
  const served = new Counter({
    name: names[1]!,
    help: 'Bytes the mirror sent to clients (file bodies)',
    registers: [registry],
  });
  served.inc(stats.bytesServed);
  const upstream = new Counter({
    name: names[2]!,
    help: 'Bytes the mirror fetched from its upstream for clients',
    registers: [registry],
  });
  upstream.inc(stats.bytesUpstream);
  new Gauge({
    name: names[3]!,
    help: 'Files being pulled from the upstream right now',
    registers: [registry],
    collect() {
      this.set(activePulls());
    },
  });
  const unlisten = stats.listen({
    request: (result) => requests.inc({ result }),
    served: (bytes) => served.inc(bytes),
    upstream: (bytes) => upstream.inc(bytes),
  });
  return {
    close() {
      unlisten();
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}
