/**
 * Prometheus metrics of the mirror (prom-client): file requests by result, bytes served to clients, bytes
 * fetched upstream, files being pulled. Registered in the app's own registry (src/server/metrics.ts), so
 * /metrics shows them and several servers in one process (tests) never share counters. Each value is read
 * from the mirror's own counters (MirrorStats) when /metrics is scraped, as hubget_downloaded_bytes_total
 * is: nothing is counted a second time on the path that serves bytes.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { MIRROR_RESULTS, type MirrorStats } from '../mirror/index.js';

export function registerMirrorMetrics(
  stats: MirrorStats,
  activePulls: () => number,
  registry: Registry,
): void {
  new Counter({
    name: 'hubget_mirror_requests_total',
    help: 'Mirror file requests by result: hit (cache, or bytes already on disk: a fetch only verifying, a paused one), miss (started an upstream fetch), partial (joined one still fetching), unavailable (5xx: not in the cache, upstream unreachable or failing)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const result of MIRROR_RESULTS) this.inc({ result }, stats.requests[result]);
    },
  });
  new Counter({
    name: 'hubget_mirror_served_bytes_total',
    help: 'Bytes the mirror sent to clients (file bodies)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.bytesServed);
    },
  });
  new Counter({
    name: 'hubget_mirror_served_from_cache_bytes_total',
    help: 'Of the bytes the mirror sent to clients, those of files served from its cache (the hit ratio is this / hubget_mirror_served_bytes_total)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.bytesFromCache);
    },
  });
  new Counter({
    name: 'hubget_mirror_upstream_bytes_total',
    help: 'Bytes the mirror fetched from its upstream for clients',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.bytesUpstream);
    },
  });
  new Gauge({
    name: 'hubget_mirror_active_pulls',
    help: 'Files being pulled from the upstream right now',
    registers: [registry],
    collect() {
      this.set(activePulls());
    },
  });
}
