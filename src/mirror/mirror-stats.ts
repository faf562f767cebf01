/**
 * The mirror's counters: file requests (GET of a file; a HEAD is not counted) by result, bytes served to
 * clients, bytes fetched upstream, and the clients pulling right now. Read by the Settings page (/api/mirror)
 * and the Prometheus metrics. A file is counted once its answer is decided: served from the cache (hit; also from
 * a fetch with every byte on disk, only being verified), by an upstream fetch it started (miss) or joined while
 * its bytes still arrived (partial), or not given at all (unavailable: a 5xx, the file not
 * in the cache and the upstream unreachable or its fetch failed), which is neither a hit nor a miss.
 */
export const MIRROR_RESULTS = ['hit', 'miss', 'partial', 'unavailable'] as const;

export type MirrorResult = (typeof MIRROR_RESULTS)[number];

export interface MirrorClientPull {
  client: string;
  repoId: string;
  path: string;
  bytesSent: number;
  startedAt: string;
}

export interface MirrorStatsSnapshot {
  requests: Record<MirrorResult, number>;
  bytesServed: number;
  bytesUpstream: number;
  /** hits / (hits + misses + partials): the share of files served that came from the cache; 0 before any. */
  hitRatio: number;
  clients: MirrorClientPull[];
}

export class MirrorStats {
  readonly requests: Record<MirrorResult, number> = { hit: 0, miss: 0, partial: 0, unavailable: 0 };
  bytesServed = 0;
  bytesUpstream = 0;
  readonly #pulls = new Map<number, MirrorClientPull>();
  #nextId = 0;

  request(result: MirrorResult): void {
    this.requests[result] += 1;
  }

  upstream(bytes: number): void {
    this.bytesUpstream += bytes;
  }

  /** A client started receiving a file; returns the callbacks for its bytes and its end. */
  pull(client: string, repoId: string, path: string): { bytes(count: number): void; end(): void } {
    const id = this.#nextId++;
    const pull: MirrorClientPull = {
      client,
      repoId,
      path,
      bytesSent: 0,
      startedAt: new Date().toISOString(),
    };
    this.#pulls.set(id, pull);
    return {
      bytes: (count) => {
        pull.bytesSent += count;
        this.bytesServed += count;
      },
      end: () => this.#pulls.delete(id),
    };
  }

  snapshot(): MirrorStatsSnapshot {
    const total = this.requests.hit + this.requests.miss + this.requests.partial;
    return {
      requests: { ...this.requests },
      bytesServed: this.bytesServed,
      bytesUpstream: this.bytesUpstream,
      hitRatio: total === 0 ? 0 : this.requests.hit / total,
      clients: [...this.#pulls.values()].map((pull) => ({ ...pull })),
    };
  }
}
