/**
 * Keeps the UI's live data flowing: the server's event stream (GET /api/events, api-types.ts ServerEvent)
 * when it works, polling when it does not — jobs every 2 s and network every 1 s, the original panel's
 * cadence — and back to the stream as soon as it reopens. When the server does not answer at all the mode
 * is `offline` (the UI blanks speeds and ETAs rather than show the last ones as live); polling goes on,
 * and the first job list that comes back ends it. Framework-free so it can be tested with a fake
 * EventSource and fake timers.
 */
import type { JobView, NetworkStats, ServerEvent, Settings } from '../../../src/api-types.js';
import type { VerificationProgress } from '../../../src/api-verify-types.js';
import { isUnreachableError } from '../api/errors.js';
import { StreamJobs } from './stream-jobs.js';
import { waitsReceived } from './wait-deadlines.js';

/**
 * `live`: the event stream is open. `polling`: it is not, the server answers requests. `offline`: the
 * server answers nothing; what the UI holds is from the last contact.
 */
export type FeedMode = 'connecting' | 'live' | 'polling' | 'offline';

export const JOBS_POLL_MS = 2000;
export const NETWORK_POLL_MS = 1000;
/** While live, a network figure older than this is fetched directly (the stream may not carry one). */
export const NETWORK_STALE_MS = 2500;
/** How long to wait before reopening a stream the browser gave up on. */
export const RECONNECT_MS = 5000;

export interface EventSourceLike {
  readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface FeedSources {
  openEvents: () => EventSourceLike;
  fetchJobs: () => Promise<JobView[]>;
  fetchNetwork: () => Promise<NetworkStats>;
  fetchSettings: () => Promise<Settings>;
  now?: () => number;
}

export type FeedMessage =
  | ServerEvent
  | { type: 'snapshot'; jobs: JobView[] }
  | { type: 'mode'; mode: FeedMode }
  /**
   * The stream opened (its snapshot, which names every verification still running, follows) or failed: the
   * verifications known running may have ended unseen meanwhile.
   */
  | { type: 'verifications-unknown' };

const EVENT_TYPES = ['job', 'job-removed', 'notification', 'network', 'settings', 'verification'] as const;
const CLOSED = 2;

export class LiveFeed {
  #sources: FeedSources;
  #emit: (message: FeedMessage) => void;
  #events: EventSourceLike | null = null;
  #mode: FeedMode = 'connecting';
  #jobsTimer: ReturnType<typeof setInterval> | null = null;
  #networkTimer: ReturnType<typeof setInterval> | null = null;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #lastNetworkMs = 0;
  #streamOpen = false;
  #stopped = false;
  /** Job events that arrive while a job list is fetched win over that list (stream-jobs.ts). */
  readonly #streamJobs = new StreamJobs();

  constructor(sources: FeedSources, emit: (message: FeedMessage) => void) {
    this.#sources = sources;
    this.#emit = emit;
  }

  get mode(): FeedMode {
    return this.#mode;
  }

  start(): void {
    this.#stopped = false;
    // The list at once, not after the stream opens (or fails): the page has it within one round trip. The
    // stream's opening reads it again (below): what changed between this read and the subscription.
    void this.#refreshJobs();
    void this.#refreshNetwork();
    this.#sources.fetchSettings().then(
      (settings) => !this.#stopped && this.#emit({ type: 'settings', settings }),
      () => undefined,
    );
    // One network timer for both modes: polling fetches every tick; live fetches only when stale.
    this.#networkTimer = setInterval(() => {
      const age = this.#now() - this.#lastNetworkMs;
      if (this.#mode !== 'live' || age >= NETWORK_STALE_MS) void this.#refreshNetwork();
    }, NETWORK_POLL_MS);
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    this.#events?.close();
    this.#events = null;
    this.#stopPollingJobs();
    if (this.#networkTimer) clearInterval(this.#networkTimer);
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#networkTimer = null;
    this.#reconnectTimer = null;
  }

  /** Re-reads the job list now (after an action, so the UI never waits for the next tick). */
  refreshJobs(): Promise<void> {
    return this.#refreshJobs();
  }

  #now(): number {
    return (this.#sources.now ?? Date.now)();
  }

  #setMode(mode: FeedMode): void {
    if (this.#mode === mode) return;
    this.#mode = mode;
    this.#emit({ type: 'mode', mode });
  }

  #open(): void {
    let events: EventSourceLike;
    try {
      events = this.#sources.openEvents();
    } catch {
      this.#fallBack();
      return;
    }
    this.#events = events;
    events.onopen = () => {
      if (this.#stopped || this.#events !== events) return;
      this.#streamOpen = true;
      this.#emit({ type: 'verifications-unknown' });
      // Offline until then: the job list it fetches next ends that (#refreshJobs), not the stream alone.
      if (this.#mode !== 'offline') this.#goLive();
      // The server replays the notifications a reconnecting browser missed (Last-Event-ID, docs/api.md), but
      // not job events, and a stream this feed reopens itself sends no id: resynchronise from the list.
      void this.#refreshJobs();
    };
    events.onerror = () => {
      if (this.#stopped || this.#events !== events) return;
      this.#streamOpen = false;
      this.#emit({ type: 'verifications-unknown' });
      this.#fallBack();
      if (events.readyState === CLOSED) {
        // The browser stops retrying after a non-200 answer; reopen ourselves later.
        events.close();
        this.#events = null;
        this.#reconnectTimer = setTimeout(() => {
          this.#reconnectTimer = null;
          if (!this.#stopped) this.#open();
        }, RECONNECT_MS);
      }
    };
    for (const type of EVENT_TYPES) {
      events.addEventListener(type, (message) => {
        if (this.#stopped || this.#events !== events) return;
        const event = parseEvent(type, message.data);
        if (!event) return;
        if (event.type === 'network') this.#lastNetworkMs = this.#now();
        if (event.type === 'job') {
          waitsReceived([event.job], this.#now());
          this.#streamJobs.record(event.job.id, event.job);
        }
        if (event.type === 'job-removed') this.#streamJobs.record(event.id, null);
        this.#emit(event);
      });
    }
  }

  #fallBack(): void {
    // A stream retry failing while the server is down keeps saying so.
    if (this.#mode !== 'offline') this.#setMode('polling');
    this.#pollJobs();
  }

  #goLive(): void {
    this.#setMode('live');
    this.#stopPollingJobs();
  }

  #goOffline(): void {
    this.#setMode('offline');
    // Even with the stream open (a fetch failed first), the next job list is what ends `offline`.
    this.#pollJobs();
  }

  #pollJobs(): void {
    if (!this.#jobsTimer) this.#jobsTimer = setInterval(() => void this.#refreshJobs(), JOBS_POLL_MS);
  }

  #stopPollingJobs(): void {
    if (this.#jobsTimer) clearInterval(this.#jobsTimer);
    this.#jobsTimer = null;
  }

  async #refreshJobs(): Promise<void> {
    let jobs: JobView[];
    const token = this.#streamJobs.begin();
    try {
      jobs = this.#streamJobs.settle(token, await this.#sources.fetchJobs());
    } catch (error) {
      this.#streamJobs.abandon(token);
      // The next tick retries; the panel says whether the connection is degraded or gone.
      if (!this.#stopped && isUnreachableError(error)) this.#goOffline();
      return;
    }
    if (this.#stopped) return;
    // The fresh list first, then the mode: nothing stale is ever shown as live.
    waitsReceived(jobs, this.#now());
    this.#emit({ type: 'snapshot', jobs });
    if (this.#mode !== 'offline') return;
    if (this.#streamOpen) this.#goLive();
    else this.#setMode('polling');
  }

  async #refreshNetwork(): Promise<void> {
    let stats: NetworkStats;
    try {
      stats = await this.#sources.fetchNetwork();
    } catch (error) {
      // Keep the last figure (the UI blanks it while offline) and try again next tick.
      if (!this.#stopped && isUnreachableError(error)) this.#goOffline();
      return;
    }
    if (this.#stopped) return;
    this.#lastNetworkMs = this.#now();
    this.#emit({ type: 'network', stats });
    // The server answers again: fetch the job list now rather than at the next tick.
    if (this.#mode === 'offline') void this.#refreshJobs();
  }
}

/**
 * Turns one SSE message into a ServerEvent. The data is the event's JSON payload; it may or may not
 * repeat `type`, so the SSE event name is authoritative.
 */
export function parseEvent(type: (typeof EVENT_TYPES)[number], data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  if (!payload || typeof payload !== 'object') return null;
  const record = payload as Record<string, unknown>;
  switch (type) {
    case 'job': {
      const job = (record.job ?? record) as JobView;
      return typeof job.id === 'string' ? { type: 'job', job } : null;
    }
    case 'job-removed':
      return typeof record.id === 'string' ? { type: 'job-removed', id: record.id } : null;
    case 'notification':
      return typeof record.title === 'string'
        ? {
            type: 'notification',
            level: record.level === 'error' || record.level === 'success' ? record.level : 'info',
            jobId: typeof record.jobId === 'string' ? record.jobId : '',
            title: record.title,
            message: typeof record.message === 'string' ? record.message : '',
          }
        : null;
    case 'network': {
      const stats = (record.stats ?? record) as NetworkStats;
      return typeof stats.supported === 'boolean' ? { type: 'network', stats } : null;
    }
    case 'settings': {
      const settings = (record.settings ?? record) as Settings;
      return typeof settings.maxParallel === 'number' ? { type: 'settings', settings } : null;
    }
    case 'verification': {
      const verification = record.verification as VerificationProgress | undefined;
      return typeof verification?.key === 'string' && typeof verification.id === 'string'
        ? { type: 'verification', verification }
        : null;
    }
  }
}
