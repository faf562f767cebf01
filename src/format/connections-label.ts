/**
 * The words for a download's range connections and why it has that many (src/progress/connections-reason.ts),
 * defined once for the CLI's progress lines and the web UI (`8 conns · CPU-bound`, with a sentence for a
 * tooltip). Pure, so the UI bundles it.
 */
import { DEFAULT_CONNECTIONS_PER_FILE } from '../defaults.js';
import type { ConnectionsReason } from '../progress/connections-reason.js';
import { plural } from './units.js';

/** Short enough to follow the count on a progress line. */
export const CONNECTIONS_REASON_LABELS: Readonly<Record<ConnectionsReason, string>> = {
  measuring: 'measuring',
  cpu: 'CPU-bound',
  link: 'line-bound',
  ceiling: 'your cap',
  'default-ceiling': 'default cap',
  'rate-limit': 'rate limit',
  budget: 'all in use',
  'fully-split': 'fully split',
  retrying: 'retrying',
};

/** One sentence per reason: the tooltip of the web UI's label, and docs/web-ui.md. */
export const CONNECTIONS_REASON_SENTENCES: Readonly<Record<ConnectionsReason, string>> = {
  measuring: 'Still measuring how many connections carry this download fastest.',
  cpu: "This computer's processing is the limit: hubget was busy all the time, so it went down to fewer connections, which carry as much.",
  link: 'More connections did not carry more: the line or the server is the limit, so hubget keeps the fewest that carry it.',
  ceiling:
    'Each added connection carried more, up to the per-file cap set for this download (--connections).',
  'default-ceiling': `Each added connection carried more, up to hubget's default cap of ${DEFAULT_CONNECTIONS_PER_FILE} connections per file.`,
  'rate-limit':
    'A bandwidth limit is set: it bounds the connections to those it can use (more only while each connection is far slower than its share).',
  budget:
    "Every connection this download may open is in use (--max-connections, or the server's connection budget, shared by its files and other downloads), so it waits for a free one to add the one it wants (or to open its first).",
  'fully-split':
    'The file is split as far as it goes: each open connection fetches one of its remaining ranges, none is left to hand out or large enough to share, so another connection would have nothing to fetch.',
  retrying:
    'Some connections failed and wait to retry: they are not open until their next request (the warning says what failed).',
};

/**
 * Reasons that are a verdict of measured throughput: more connections did (ceiling, default cap) or did not
 * (line, CPU) carry more. None holds while nothing arrives.
 */
const THROUGHPUT_VERDICTS: ReadonlySet<ConnectionsReason> = new Set([
  'cpu',
  'link',
  'ceiling',
  'default-ceiling',
]);

/**
 * The reason to show beside the count, for the CLI and the web UI alike: a throughput verdict (`line-bound`,
 * `CPU-bound`, a cap reached) is left out while nothing arrives (0 B/s: a stall, a server that stopped
 * sending), when it would claim the line is full; the engine keeps its verdict for when bytes flow again.
 * The reasons that state a fact (a rate limit, the budget, fully split, retrying, measuring) stay.
 */
export function shownConnectionsReason(
  reason: ConnectionsReason | null | undefined,
  bytesPerSecond: number,
): ConnectionsReason | null {
  if (!reason) return null;
  return bytesPerSecond <= 0 && THROUGHPUT_VERDICTS.has(reason) ? null : reason;
}

/** `1 conn`, `12 conns`. */
export function connectionsCount(count: number): string {
  return plural(count, 'conn');
}

/** `8 conns · CPU-bound`; the count alone when the reason is unknown. */
export function connectionsLabel(count: number, reason: ConnectionsReason | null | undefined): string {
  const counted = connectionsCount(count);
  return reason ? `${counted} · ${CONNECTIONS_REASON_LABELS[reason]}` : counted;
}

/**
 * Whether a download's connections are worth showing: while any is open, and while none is but the budget
 * says why (`0 conns · all in use`: it waits for its first slot, which other downloads hold).
 */
export function showsConnections(count: number, reason: ConnectionsReason | null | undefined): boolean {
  return count > 0 || reason === 'budget';
}
