/**
 * Every default and limit of hubget, defined once. The CLI, the jobs service, the server's schemas
 * (and so `/api/openapi.json`) and the web UI read them from here; docs/cli.md and docs/api.md describe them.
 * The engine's rooms import this file; it imports nothing.
 */

/**
 * Most range connections one file may open at once (`--connections`, a job's `connectionsPerFile`): a hard
 * cap. Below it the count is adaptive (src/transfer/adaptive-connections.ts): a file starts with
 * DEFAULT_INITIAL_CONNECTIONS and adds connections while its total rate keeps growing (a CDN that paces
 * every connection), and gives them back when it does not (a line capped as a whole, a busy CPU).
 */
export const DEFAULT_CONNECTIONS_PER_FILE = 32;
/** Connections a file starts with before the adaptive controller grows it. */
export const DEFAULT_INITIAL_CONNECTIONS = 8;
/** Files of one download fetching at once (`--max-workers`); files being verified and committed do not count. */
export const DEFAULT_MAX_CONCURRENT_FILES = 8;
/**
 * Range connections in total across the files of one download (the ceiling per job), and at least this many
 * across all jobs of the server.
 */
export const DEFAULT_CONNECTION_BUDGET = 32;
/**
 * The server's shared budget grows with maxParallel (DEFAULT_INITIAL_CONNECTIONS, 8, per parallel download,
 * above DEFAULT_CONNECTION_BUDGET) up to this (src/jobs/job-settings-state.ts, budgetLimit; docs/jobs.md).
 */
export const MAX_CONNECTION_BUDGET = 64;
/** How often the engine emits a `progress` event while bytes flow (events stay >= 1 Hz). */
export const DEFAULT_PROGRESS_INTERVAL_MS = 500;
/** The engine never emits progress more often than this, whatever is asked. */
export const MIN_PROGRESS_INTERVAL_MS = 50;
/**
 * The jobs service's tick: how often it persists running jobs' counters and re-publishes them (the one
 * timer that keeps SSE at >= 1 Hz even when the engine is quiet).
 */
export const DEFAULT_JOB_BROADCAST_INTERVAL_MS = 1000;
/**
 * How often a running server writes that it is alive (src/server/server-run.ts): after a crash, the next start
 * says when the server was last known running to within this, or to a second while it ran a job.
 */
export const SERVER_ALIVE_INTERVAL_MS = 10_000;

/**
 * No byte for this long on a connection (or a growing external file) is a stall. Whole seconds from 5 s
 * (a shorter watchdog cuts a healthy connection at every pause of the server) to 1 h: the rule is
 * src/stall-timeout.ts.
 */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
export const MIN_STALL_TIMEOUT_MS = 5000;
export const MAX_STALL_TIMEOUT_MS = 3_600_000;

/** Downloads the server runs at once (setting `maxParallel`). */
export const DEFAULT_MAX_PARALLEL = 2;
export const MIN_MAX_PARALLEL = 1;
export const MAX_MAX_PARALLEL = 16;

/** Bandwidth limits are bytes per second; 0 means no limit. */
export const MAX_BANDWIDTH_LIMIT = 1e12;

/** Limits of a download request (`POST /api/downloads`), checked by the jobs service and the schemas. */
export const MAX_REVISION_LENGTH = 255;
export const MAX_PATTERNS = 1000;
export const MAX_PATTERN_LENGTH = 1024;
export const MAX_JOB_NAME_LENGTH = 200;
/** Longest path hubget accepts for a local dir or the progress dir (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;

/** Limits of the settings (`PUT /api/settings`) beyond the numbers above. */
export const MAX_ENDPOINT_LENGTH = 2048;
export const MAX_TOKEN_LENGTH = 1024;

/** `hubget serve`: loopback only unless told otherwise (a non-loopback bind needs an API token). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;
/** How often the server samples the network counters (SSE `network` events, history, /metrics). */
export const DEFAULT_NETWORK_INTERVAL_MS = 1000;
/** How much network history the server keeps (`GET /api/system/network/history`, the chart): ten minutes. */
export const DEFAULT_NETWORK_HISTORY_SECONDS = 600;
/**
 * A verification by the server (POST /api/models/verify) publishes its progress (the `verification` event) at most
 * this often while it hashes, and its end at once.
 */
export const VERIFY_PROGRESS_INTERVAL_MS = 250;
/**
 * While a verification hashes, an event comes at least this often, bytes read or not: its speed and its quiet time
 * (`quietMs`) stay true when the disk stops answering.
 */
export const VERIFY_HEARTBEAT_MS = 1000;
/** A verification that has read nothing for this long says so (web/src/format/verify-quiet.ts). */
export const VERIFY_QUIET_WORTH_SAYING_MS = 10_000;
/**
 * How long the server keeps a verification's findings, which a repair naming it (`findings`) acts on without hashing
 * the model again while its files not intact are as they were.
 */
export const VERIFY_FINDINGS_KEPT_MS = 30 * 60_000;
/** SSE comment heartbeat, so proxies keep an idle event stream open. */
export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
/**
 * How deep below the models dir a local-dir download is looked for (`hubget ls`, the server's model list,
 * the external-download watcher): `org/name` layouts need 2, `team/org/name` 3.
 */
export const LOCAL_DIR_SCAN_DEPTH = 3;
/**
 * The server's deep scan for local dirs in sub-folders is cached (a few thousand folders cost ~0.5 s to walk):
 * a model-list request older than this starts a fresh one in the background; a job ending or a delete does too.
 */
export const LOCAL_DIR_RESCAN_INTERVAL_MS = 30_000;
/**
 * Files and folders whose read is kept while their stamp is unchanged (src/system/kept-reads.ts): the local dirs'
 * `.metadata` records and markers and the HF cache's `blobs/` listings, which the model page, `hubget info` and
 * every plan ask again. A record about 600 bytes (measured with 85-character paths: ≈ 30 MB at the limit); a
 * folder's listing counts as one, whatever the names it holds; a path read by two kinds of reader (a `blobs/`
 * folder by the other-repo index and the partial-file lookup) takes two. Beyond it, the least recently asked go.
 */
export const MAX_KEPT_READS = 50_000;

/** Most models one deletion of several names (`POST /api/models/delete` and its preview). */
export const MAX_MODELS_PER_DELETION = 500;
