/**
 * Server-Sent Events fan-out for GET /api/events (WHATWG HTML §9.2 "Server-sent events"): one hub, many
 * clients. Each event is `id: <id>` + `event: <type>` + `data: <JSON of the whole ServerEvent>` + a blank
 * line; a client that reconnects with `Last-Event-ID` first gets the one-off events it missed
 * (sse-event-log.ts), then the snapshot.
 * Job updates from the engine are coalesced per job (at most one per `minJobIntervalMs`, state changes
 * at once). The hub has no timer of its own for jobs: the jobs service re-publishes every running job
 * once per tick (src/jobs, DEFAULT_JOB_BROADCAST_INTERVAL_MS), so the UI moves at >= 1 Hz even when the
 * engine is quiet. A model's verification (model-verifications.ts) publishes its own progress, throttled there.
 * Comment lines (`: ping`) keep proxies from closing idle streams.
 */
import type { ServerResponse } from 'node:http';
import type { JobView, ServerEvent } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import type { NetworkMonitor } from './deps.js';
import type { ModelVerifications } from './model-verifications.js';
import { publicEvent, publicSettings } from './sanitize.js';
import { SseEventLog } from './sse-event-log.js';

export interface EventHubOptions {
  jobs: JobService;
  network: NetworkMonitor;
  /** The models being verified: their progress (throttled there) and end, and the running ones in the snapshot. */
  verifications: Pick<ModelVerifications, 'running' | 'subscribe'>;
  heartbeatMs: number;
  /** @default 200 */
  minJobIntervalMs?: number;
  /** A client whose unsent buffer exceeds this is disconnected (it reconnects and gets a fresh snapshot). */
  maxBufferedBytes?: number;
}

interface SentJob {
  at: number;
  state: JobView['state'];
  pending: JobView | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class EventHub {
  readonly #options: EventHubOptions;
  readonly #clients = new Set<ServerResponse>();
  readonly #sent = new Map<string, SentJob>();
  readonly #unsubscribes: (() => void)[] = [];
  readonly #log = new SseEventLog();
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: EventHubOptions) {
    this.#options = options;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  start(): void {
    this.#unsubscribes.push(
      this.#options.jobs.subscribe((event) => {
        if (event.type === 'job') this.#onJob(event.job);
        else {
          if (event.type === 'job-removed') this.#forget(event.id);
          this.#broadcast(event);
        }
      }),
      this.#options.network.onSample((stats) => this.#broadcast({ type: 'network', stats })),
      this.#options.verifications.subscribe((verification) =>
        this.#broadcast({ type: 'verification', verification }),
      ),
    );
    this.#heartbeatTimer = setInterval(() => this.#writeAll(': ping\n\n'), this.#options.heartbeatMs);
    this.#heartbeatTimer.unref();
  }

  /**
   * Takes over a hijacked response: writes the SSE headers, the one-off events missed since `lastEventId`
   * (the request's Last-Event-ID, on a reconnect) and a snapshot of the current state.
   */
  addClient(response: ServerResponse, lastEventId?: string): void {
    if (this.#closed) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    response.socket?.setNoDelay(true);
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
    // The missed one-off events first: the snapshot's id, the latest, is then the last the client holds.
    let snapshot = `retry: 2000\n\n${this.#log.missedSince(lastEventId)}`;
    snapshot += this.#log.snapshot({
      type: 'settings',
      settings: publicSettings(this.#options.jobs.getSettings()),
    });
    for (const job of this.#options.jobs.list())
      snapshot += this.#log.snapshot(publicEvent({ type: 'job', job }));
    const network = this.#options.network.latest();
    if (network) snapshot += this.#log.snapshot({ type: 'network', stats: network });
    for (const verification of this.#options.verifications.running())
      snapshot += this.#log.snapshot(publicEvent({ type: 'verification', verification }));
    this.#write(response, snapshot);
  }

  close(): void {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
    clearInterval(this.#heartbeatTimer);
    for (const sent of this.#sent.values()) clearTimeout(sent.timer);
    this.#sent.clear();
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #onJob(job: JobView): void {
    const now = Date.now();
    const sent = this.#sent.get(job.id);
    const minIntervalMs = this.#options.minJobIntervalMs ?? 200;
    if (!sent || sent.state !== job.state || now - sent.at >= minIntervalMs) {
      if (sent) {
        clearTimeout(sent.timer);
        sent.timer = undefined;
        sent.pending = undefined;
      }
      this.#sendJob(job, now);
      return;
    }
    sent.pending = job;
    if (!sent.timer) {
      sent.timer = setTimeout(
        () => {
          sent.timer = undefined;
          const pending = sent.pending;
          sent.pending = undefined;
          if (pending) this.#sendJob(pending, Date.now());
        },
        minIntervalMs - (now - sent.at),
      );
      sent.timer.unref();
    }
  }

  #sendJob(job: JobView, now: number): void {
    const sent = this.#sent.get(job.id);
    if (sent) {
      sent.at = now;
      sent.state = job.state;
    } else {
      this.#sent.set(job.id, { at: now, state: job.state, pending: undefined, timer: undefined });
    }
    this.#broadcast({ type: 'job', job });
  }

  #forget(id: string): void {
    const sent = this.#sent.get(id);
    if (sent) clearTimeout(sent.timer);
    this.#sent.delete(id);
  }

  #broadcast(event: ServerEvent): void {
    // Numbered, and a one-off event kept, even with no client: one may be reconnecting right now. A job or
    // network event no one receives is not built (they come at ≥ 1 Hz per running job).
    if (this.#clients.size === 0 && !this.#log.keeps(event)) {
      this.#log.skip();
      return;
    }
    const text = this.#log.next(publicEvent(event));
    if (this.#clients.size > 0) this.#writeAll(text);
  }

  #writeAll(text: string): void {
    for (const client of this.#clients) this.#write(client, text);
  }

  #write(client: ServerResponse, text: string): void {
    if (client.writableEnded || client.destroyed) return;
    if (client.writableLength > (this.#options.maxBufferedBytes ?? 4 * 1024 * 1024)) {
      client.destroy();
      this.#clients.delete(client);
      return;
    }
    client.write(text);
  }
}
