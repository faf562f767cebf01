/**
 * The mirror's counters: file requests (GET of a file; a HEAD is not counted) by result, bytes served to
 * clients (and how many of them came from the cache), bytes fetched upstream, and the clients pulling right
 * now. Read by the Settings page (/api/mirror) and the Prometheus metrics. A file is counted once its answer is
 * decided: served from the cache (hit; also from a fetch with every byte on disk, only being verified, or from the
 * bytes a paused fetch has on disk, read without resuming it), by an upstream fetch it started (miss) or joined
 * while its bytes still arrived (partial), or not given at all (unavailable: a 5xx, the file not in the cache and
 * the upstream unreachable or its fetch failed), which is neither a hit nor a miss.
 *
 * The cache hit ratio is by bytes: bytes served from the cache (the bodies of hits) / bytes served. Requests
 * cannot be its unit: a segmented client (hubget) sends dozens of range requests per file, a plain one
 * (huggingface_hub, @huggingface/hub) one, so a per-request ratio weighed one cold segmented client above any
 * number of warm plain ones (docs/mirror.md, counters).
 */
import type { MirrorClientPull } from '../api-types.js';

export type { MirrorClientPull };

export const MIRROR_RESULTS = ['hit', 'miss', 'partial', 'unavailable'] as const;

export type MirrorResult = (typeof MIRROR_RESULTS)[number];

export interface MirrorStatsSnapshot {
  requests: Record<MirrorResult, number>;
  bytesServed: number;
  /** Of bytesServed, the bytes of files served from the cache (hits). */
  bytesFromCache: number;
  bytesUpstream: number;
  /** bytesFromCache / bytesServed; null before any byte was served. */
  hitRatio: number | null;
  clients: MirrorClientPull[];
}

/** The counts a restart keeps (mirror-counters-file.ts): all but the ratio (derived) and the clients pulling now. */
export type MirrorCounters = Pick<
  MirrorStatsSnapshot,
  'requests' | 'bytesServed' | 'bytesFromCache' | 'bytesUpstream'
>;

interface OpenPull {
  client: string;
  agent: string | null;
  repoId: string;
  path: string;
  bytesSent: number;
  startedAt: string;
}

export class MirrorStats {
  readonly requests: Record<MirrorResult, number> = { hit: 0, miss: 0, partial: 0, unavailable: 0 };
  bytesServed = 0;
  bytesFromCache = 0;
  bytesUpstream = 0;
  #kept: MirrorCounters = {
    requests: { hit: 0, miss: 0, partial: 0, unavailable: 0 },
    bytesServed: 0,
    bytesFromCache: 0,
    bytesUpstream: 0,
  };
  readonly #pulls = new Map<number, OpenPull>();
  #nextId = 0;
  request(result: MirrorResult): void {
    this.requests[result] += 1;
  }

  upstream(bytes: number): void {
    this.bytesUpstream += bytes;
  }

  /**
   * A client started receiving a file; returns the callbacks for its bytes (`fromCache` of them came from the cache,
   * file-requests.ts cachedBytes) and its end.
   */
  pull(
    client: string,
    repoId: string,
    path: string,
    agent?: string,
  ): { bytes(count: number, fromCache: number): void; end(): void } {
    const id = this.#nextId++;
    const startedAt = new Date().toISOString();
    const pull: OpenPull = { client, agent: agent ?? null, repoId, path, bytesSent: 0, startedAt };
    this.#pulls.set(id, pull);
    return {
      bytes: (count, fromCache) => {
        pull.bytesSent += count;
        this.bytesServed += count;
        this.bytesFromCache += fromCache;
      },
      end: () => this.#pulls.delete(id),
    };
  }

  /** The counts with those kept from before the last restart (restore): what /api/mirror shows and is saved. */
  counters(): MirrorCounters {
    const kept = this.#kept;
    return {
      requests: Object.fromEntries(
        MIRROR_RESULTS.map((result) => [result, kept.requests[result] + this.requests[result]]),
      ) as MirrorCounters['requests'],
      bytesServed: kept.bytesServed + this.bytesServed,
      bytesFromCache: kept.bytesFromCache + this.bytesFromCache,
      bytesUpstream: kept.bytesUpstream + this.bytesUpstream,
    };
  }

  /**
   * The counts of the runs before this one (mirror-counters-file.ts), added by counters() and snapshot(). The
   * public fields stay this run's: the Prometheus counters read them, which count since the start as counters
   * must (a kept total a crash set back would read to Prometheus as a reset, and its whole value as an increase).
   */
  restore(saved: MirrorCounters): void {
    this.#kept = { ...saved, requests: { ...saved.requests } };
  }

  snapshot(): MirrorStatsSnapshot {
    const counters = this.counters();
    return {
      ...counters,
      hitRatio: counters.bytesServed === 0 ? null : counters.bytesFromCache / counters.bytesServed,
      clients: this.#clients(),
    };
  }

  /** The open pulls, one row per client (its address and program) and file. */
  #clients(): MirrorClientPull[] {
    const rows = new Map<string, MirrorClientPull>();
    for (const pull of this.#pulls.values()) {
      const key = JSON.stringify([pull.client, pull.agent, pull.repoId, pull.path]);
      const row = rows.get(key);
      if (row === undefined) rows.set(key, { ...pull, requests: 1 });
      else {
        row.bytesSent += pull.bytesSent;
        row.requests += 1;
        if (pull.startedAt < row.startedAt) row.startedAt = pull.startedAt;
      }
    }
    return [...rows.values()];
  }
}
