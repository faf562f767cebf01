/**
 * Ids of the /api/events stream, and the replay of what a reconnecting client missed (WHATWG HTML §9.2:
 * an EventSource that loses its connection reconnects by itself and sends the last id it saw as
 * `Last-Event-ID`).
 *
 * Every event carries `id: <epoch>-<n>`: n counts this server process's events, the epoch tells them from a
 * previous process's (a restarted server has nothing to replay). On reconnect the snapshot (settings, every
 * job, the latest network sample) restores the state events (`job`, `settings`, `network`); what it cannot
 * restore are the one-off events, `notification` ("download finished") and `job-removed`, so only those are
 * kept, the last SSE_REPLAY_LIMIT of them, and sent again ahead of the snapshot when their id is after the
 * client's. The job events of >= 1 Hz cost one counter increment and an id line, formatted once for every
 * client; nothing of theirs is kept.
 */
import { randomBytes } from 'node:crypto';
import type { ServerEvent } from '../api-types.js';

/** One-off events kept for a reconnecting client: a few minutes of notifications, bounded memory. */
const SSE_REPLAY_LIMIT = 100;

const ONE_OFF_TYPES: ReadonlySet<ServerEvent['type']> = new Set(['notification', 'job-removed']);

interface KeptEvent {
  seq: number;
  text: string;
}

function sseBlock(id: string, event: ServerEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class SseEventLog {
  readonly #epoch: string;
  readonly #limit: number;
  readonly #kept: KeptEvent[] = [];
  #seq = 0;

  constructor(options: { limit?: number; epoch?: string } = {}) {
    this.#limit = options.limit ?? SSE_REPLAY_LIMIT;
    this.#epoch = options.epoch ?? randomBytes(4).toString('hex');
  }

  /** The id of the latest event (what a client that has seen everything holds). */
  get lastId(): string {
    return `${this.#epoch}-${this.#seq}`;
  }

  /** Whether `event` is kept for replay (a one-off event the reconnect snapshot cannot restore). */
  keeps(event: ServerEvent): boolean {
    return ONE_OFF_TYPES.has(event.type);
  }

  /** An event no one receives and none is kept of: its id is used up, nothing is built. */
  skip(): void {
    this.#seq += 1;
  }

  /** The next event of the stream, with its id; a one-off event is kept for replay. */
  next(event: ServerEvent): string {
    this.#seq += 1;
    const text = sseBlock(this.lastId, event);
    if (this.keeps(event)) {
      this.#kept.push({ seq: this.#seq, text });
      if (this.#kept.length > this.#limit) this.#kept.shift();
    }
    return text;
  }

  /** A snapshot event: the state as of the latest id (it does not advance the stream). */
  snapshot(event: ServerEvent): string {
    return sseBlock(this.lastId, event);
  }

  /**
   * The kept one-off events after `lastEventId` (the request's Last-Event-ID), oldest first. Nothing for a
   * fresh connection, an id of another process or one that is not an id of this stream.
   */
  missedSince(lastEventId: string | undefined): string {
    const match = /^([0-9a-f]+)-(\d{1,15})$/.exec(lastEventId ?? '');
    if (!match || match[1] !== this.#epoch) return '';
    const seen = Number(match[2]);
    if (seen > this.#seq) return '';
    return this.#kept
      .filter((kept) => kept.seq > seen)
      .map((kept) => kept.text)
      .join('');
  }
}
