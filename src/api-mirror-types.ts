/** The mirror's status in the REST API (GET /api/mirror; docs/mirror.md), re-exported by api-types.ts. */

/** GET /api/mirror: mirror mode (`serve --mirror`, docs/mirror.md). */
export interface MirrorStatusView {
  enabled: boolean;
  /** `/hf`; `clientUrls`: its URLs for other machines (src/system/lan-addresses.ts), [] on loopback. */
  path: string;
  clientUrls?: string[];
  upstream?: string;
  offline?: boolean;
  /** As the mirror last found it: false from a failed contact until the upstream answers again (Upstream.foundReachable). */
  upstreamReachable?: boolean;
  activePulls?: number;
  /** File requests by result (src/mirror/mirror-stats.ts). */
  requests?: { hit: number; miss: number; partial: number; unavailable: number };
  bytesServed?: number;
  /** Of bytesServed, the bytes of files served from the cache. */
  bytesFromCache?: number;
  bytesUpstream?: number;
  /** bytesFromCache / bytesServed; null before any byte was served. */
  hitRatio?: number | null;
  /** One row per client and file (its concurrent range requests summed). */
  clients?: MirrorClientPull[];
}

/** One client pulling one file now: its concurrent requests for that file (range requests) as one row. */
export interface MirrorClientPull {
  /** Its address. */
  client: string;
  /** The first product of its User-Agent (`huggingface_hub/0.26.2`): two programs of one address are two rows. */
  agent: string | null;
  repoId: string;
  path: string;
  /** Bytes sent by the requests for this file still open. */
  bytesSent: number;
  /** Its requests open now (a segmented client has several). */
  requests: number;
  /** When the earliest of them started. */
  startedAt: string;
}
