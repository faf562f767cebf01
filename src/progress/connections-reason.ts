/**
 * Why a download has the range connections open that it has (`connectionsReason` beside `connections` in a
 * progress event; docs/transfer-connections.md, "Adaptive connections"): the adaptive controller's last verdict
 * (adaptive-connections.ts), or the bandwidth limit that bounds the count instead (rate-bound-budget.ts).
 * - `measuring`: no verdict yet (the first measurements, or a count still growing after each step paid).
 * - `cpu`: this computer's processing is the limit: hubget's event loop was saturated while a step gained
 *   nothing, so it went down to fewer connections that carry as much (or gave the step back).
 * - `link`: more connections did not carry more, or less than in proportion (a line capped as a whole, a
 *   server or a client that tops out): the count went back, down, or to the knee.
 * - `ceiling`: every step paid until the per-file cap set for this download (`--connections`), or that cap
 *   is below the count a file starts with.
 * - `default-ceiling`: the same at hubget's default cap (DEFAULT_CONNECTIONS_PER_FILE).
 * - `rate-limit`: a bandwidth limit is set: it bounds the connections, and no step is tried under it.
 * - `budget`: the file would open another connection (below the controller's target, work left to split)
 *   but the connection budget has no free slot (`--max-connections`, the server's budget): its own lanes,
 *   the download's other files or, in the server, other jobs hold them all. The controller judges no sample
 *   then, so its verdict would still read `measuring`.
 * - `fully-split`: fewer connections are open than the file would hold (the controller's target, or the one a
 *   bandwidth limit sets) because the file is split as far as it goes: no range is left to hand out and none in
 *   flight is large enough to share, so one more would have nothing to fetch (near the end of every file, a
 *   file of fewer segments than the target, or one segment).
 * - `retrying`: some of the file's connections failed (refused, reset, an error status) and wait out the
 *   retry policy's delay before their next request: not open, so fewer are than the file holds slots for.
 */
export const CONNECTIONS_REASONS = [
  'measuring',
  'cpu',
  'link',
  'ceiling',
  'default-ceiling',
  'rate-limit',
  'budget',
  'fully-split',
  'retrying',
] as const;

export type ConnectionsReason = (typeof CONNECTIONS_REASONS)[number];

/** One file's connections open right now and why (segmented-fetch.ts; read when a progress event is built). */
export interface FileConnections {
  /** Connections open: in a request (connecting, waiting for an answer, receiving). */
  open: number;
  /** Lanes holding a slot that wait to retry after a failure: not open, not in `open` (absent: none). */
  retrying?: number;
  reason: ConnectionsReason;
}

/** What one file's reason is read from (segmented-fetch.ts, when a progress event is built). */
export interface FileConnectionsState {
  /** Connections open now: in a request, not waiting to retry. */
  open: number;
  /** Lanes holding a slot that wait to retry after a failure. */
  retrying: number;
  /** How many the file would hold: the controller's target, or the one a bandwidth limit sets. */
  target: number;
  /** Work left to split into another range: a range not handed out, or one large enough to share. */
  splittable: boolean;
  /** Under a bandwidth limit: whether the file's cap bounds it (rate-bound-budget.ts); undefined without one. */
  limited: { capped: boolean } | undefined;
  /** Another connection would open (below the target, work to split) but the budget has no free slot. */
  budgetFull: boolean;
  /** The adaptive controller's last verdict (adaptive-phase.ts). */
  verdict: ConnectionsReason;
}

/**
 * Why one file has the connections open that it has: some of its lanes waiting to retry after a failure, those
 * failures (`retrying`: with nothing else to split, it read `fully-split` while every connection was refused);
 * fewer than it would hold with nothing left to split, the
 * file split as far as it goes (not a cap or a limit, which the count is below); else a set bandwidth limit (the
 * file's cap when the limit could use more slow connections than it allows); else a connection it would open
 * but for a free slot, the budget (the controller judges nothing then); else the controller's verdict
 * (`ceiling`: whether the cap was set or is hubget's default, the caller says: atDefaultCap). None open: the
 * reason of the count it held (the file is done or not started; downloadConnectionsReason skips it).
 */
export function fileConnectionsReason(state: FileConnectionsState): ConnectionsReason {
  if (state.retrying > 0) return 'retrying';
  if (state.open > 0 && state.open < state.target && !state.splittable) return 'fully-split';
  if (state.limited) return state.limited.capped ? 'ceiling' : 'rate-limit';
  if (state.budgetFull) return 'budget';
  return state.verdict;
}

/**
 * Why a download with several files in flight has the connections it has: the reason of the file with the
 * most open (the first of equals), which carries most of the bytes; but when that file has no verdict yet
 * (`measuring`) or is split as far as it goes (`fully-split`: the slots it gives back go to the others) and another
 * file is held back by the connection budget (`budget`), the budget: every slot is taken, and that is what
 * bounds the download's count. A verdict of that file stands (a line or this computer at its limit, a cap
 * reached: more slots would not carry more). While no file has a connection open: `budget` when a file
 * waits for its first slot (other downloads hold every one), else none (listing, verifying).
 */
export function downloadConnectionsReason(files: Iterable<FileConnections>): ConnectionsReason | undefined {
  let most: FileConnections | undefined;
  let held = false;
  for (const reading of files) {
    if (reading.reason === 'budget') held = true;
    if (reading.open > 0 && (most === undefined || reading.open > most.open)) most = reading;
  }
  // No connection open yet: a file waiting for its first slot is the budget's doing (a wait, not a stall).
  if (most === undefined) return held ? 'budget' : undefined;
  const noVerdict = most.reason === 'measuring' || most.reason === 'fully-split';
  return noVerdict && held ? 'budget' : most.reason;
}

/**
 * A file's reading for a download that set no cap: the cap it reached is hubget's default (`default-ceiling`),
 * which only the caller knows (download-file.ts); the transfer itself only knows its cap.
 */
export function atDefaultCap(reading: () => FileConnections): () => FileConnections {
  return () => {
    const connections = reading();
    return connections.reason === 'ceiling' ? { ...connections, reason: 'default-ceiling' } : connections;
  };
}

/**
 * The download's connections open: the slots it holds, but for its files' lanes that wait to retry after a
 * failure (no connection open then: while the CDN refuses every connect, none is).
 */
export function openConnections(slots: number, active: { reading: FileConnections | undefined }[]): number {
  let retrying = 0;
  for (const { reading } of active) retrying += reading?.retrying ?? 0;
  return Math.max(0, slots - retrying);
}

/** Why the download has the connections it has, from its files' readings (downloadConnectionsReason). */
export function connectionsReasonOf(readings: FileConnections[]): { connectionsReason?: ConnectionsReason } {
  const reason = downloadConnectionsReason(readings);
  return reason ? { connectionsReason: reason } : {};
}
