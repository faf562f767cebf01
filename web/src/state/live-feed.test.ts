import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobView, NetworkStats, Settings } from '../../../src/api-types.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { UiError } from '../api/errors.js';
import { type FeedMessage, JOBS_POLL_MS, LiveFeed, parseEvent, RECONNECT_MS } from './live-feed.js';
import { waitLeftMs } from './wait-deadlines.js';

const network: NetworkStats = {
  supported: true,
  t: 1,
  rxBytesPerSecond: 10,
  txBytesPerSecond: 1,
  interfaces: [],
  hubgetBytesPerSecond: 5,
};
const settings = { maxParallel: 2 } as Settings;

describe('LiveFeed', () => {
  let sources: FakeEventSource[];
  let messages: FeedMessage[];
  let jobFetches: number;
  let networkFetches: number;
  /** The jobs GET /api/downloads lists. */
  let listed: JobView[];
  let feed: LiveFeed;
  /** What the server does with a request: answer, not answer (down), or answer with an ApiError. */
  let server: 'up' | 'down' | 'erroring';
  const answer = <T>(value: T): T => {
    if (server === 'down') throw new UiError('Cannot reach the hubget server. Is it running?', 'NETWORK');
    if (server === 'erroring') throw new UiError('The server hit an internal error.', 'INTERNAL', 500);
    return value;
  };

  beforeEach(() => {
    server = 'up';
    vi.useFakeTimers();
    sources = [];
    messages = [];
    jobFetches = 0;
    networkFetches = 0;
    listed = [jobFixture()];
    feed = new LiveFeed(
      {
        openEvents: () => {
          const source = new FakeEventSource();
          sources.push(source);
          return source;
        },
        fetchJobs: async (): Promise<JobView[]> => {
          jobFetches++;
          return answer(listed);
        },
        fetchNetwork: async () => {
          networkFetches++;
          return answer(network);
        },
        fetchSettings: async () => settings,
        now: () => Date.now(),
      },
      (message) => messages.push(message),
    );
    feed.start();
  });

  afterEach(() => {
    feed.stop();
    vi.useRealTimers();
  });

  it('goes live on open and forwards stream events by their SSE name', async () => {
    sources[0]!.open();
    sources[0]!.send('job', { type: 'job', job: jobFixture({ id: 'z' }) });
    sources[0]!.send('job-removed', { type: 'job-removed', id: 'z' });
    await vi.advanceTimersByTimeAsync(0);
    expect(feed.mode).toBe('live');
    expect(messages).toContainEqual({ type: 'mode', mode: 'live' });
    expect(messages).toContainEqual({ type: 'job', job: jobFixture({ id: 'z' }) });
    expect(messages).toContainEqual({ type: 'job-removed', id: 'z' });
    expect(messages.some((m) => m.type === 'settings')).toBe(true);
  });

  it('forwards verification events, and says the running ones are unknown when the stream opens or fails', async () => {
    sources[0]!.open();
    const verification = { id: 'v1', key: 'cache:model/org/v', state: 'running' };
    sources[0]!.send('verification', { type: 'verification', verification });
    sources[0]!.send('verification', { type: 'verification', verification: { state: 'running' } });
    sources[0]!.fail(0);
    expect(messages.filter((m) => m.type.startsWith('verification'))).toEqual([
      { type: 'verifications-unknown' },
      { type: 'verification', verification },
      { type: 'verifications-unknown' },
    ]);
  });

  it('polls jobs every 2 s while the stream is down, and stops when it comes back', async () => {
    sources[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    const before = jobFetches;
    sources[0]!.fail(0); // CONNECTING: the browser retries by itself
    expect(feed.mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS * 3);
    expect(jobFetches - before).toBe(3);
    sources[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    const afterReopen = jobFetches;
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS * 3);
    expect(jobFetches).toBe(afterReopen);
    expect(feed.mode).toBe('live');
  });

  it('dates each job’s waits for the Hub at their arrival, by the stream or in a list: shown later, a wait has counted down', async () => {
    const waiting = (id: string, leftMs: number) =>
      jobFixture({
        id,
        state: 'running',
        waits: [
          {
            path: 'a.bin',
            status: 429,
            code: 'RATE_LIMITED',
            message: 'The server rate-limited these requests (429 for bytes=0-9)',
            leftMs,
            askedLeftMs: leftMs,
            attempt: 1,
            limit: null,
            lastTry: false,
          },
        ],
      });
    listed = [waiting('listed', 60_000)];
    sources[0]!.open();
    sources[0]!.send('job', { type: 'job', job: waiting('streamed', 217_000) });
    await vi.advanceTimersByTimeAsync(0);
    const received = new Map<string, JobView>();
    for (const message of messages) {
      if (message.type === 'job') received.set(message.job.id, message.job);
      if (message.type === 'snapshot') for (const job of message.jobs) received.set(job.id, job);
    }
    // Nothing arrives for 10 s (the server is unreachable), then the waits are read.
    await vi.advanceTimersByTimeAsync(10_000);
    const left = (id: string) => {
      const waits = received.get(id)?.waits ?? [];
      return waits.map((wait) => waitLeftMs(waits, wait, Date.now()));
    };
    expect(left('streamed')).toEqual([207_000]);
    expect(left('listed')).toEqual([50_000]);
  });

  it('fetches the network every second when polling, only when stale when live', async () => {
    sources[0]!.fail(0);
    const start = networkFetches;
    await vi.advanceTimersByTimeAsync(3000);
    expect(networkFetches - start).toBe(3);
    sources[0]!.open();
    const live = networkFetches;
    for (let i = 0; i < 5; i++) {
      sources[0]!.send('network', { type: 'network', stats: network });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(networkFetches).toBe(live);
  });

  it('says the server is unreachable when it stops answering, and recovers by itself', async () => {
    sources[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    server = 'down';
    sources[0]!.fail(0);
    expect(feed.mode).toBe('polling');
    // The next poll (network, every second) finds nobody.
    await vi.advanceTimersByTimeAsync(1000);
    expect(feed.mode).toBe('offline');
    expect(messages).toContainEqual({ type: 'mode', mode: 'offline' });
    // The browser's own retries of the stream fail too: still offline, not back to "polling".
    sources[0]!.fail(0);
    expect(feed.mode).toBe('offline');
    const fetchesWhileDown = jobFetches;
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS * 2);
    expect(jobFetches - fetchesWhileDown).toBe(2);

    // Back: the job list comes first, then the mode (figures shown as live are fresh ones).
    server = 'up';
    messages.length = 0;
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS);
    expect(feed.mode).toBe('polling');
    const snapshot = messages.findIndex((m) => m.type === 'snapshot');
    const mode = messages.findIndex((m) => m.type === 'mode');
    expect(snapshot).toBeGreaterThanOrEqual(0);
    expect(mode).toBeGreaterThan(snapshot);
    sources[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(feed.mode).toBe('live');
  });

  it('goes live again when the stream reopens first, after a fresh job list', async () => {
    sources[0]!.open();
    server = 'down';
    sources[0]!.fail(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(feed.mode).toBe('offline');
    server = 'up';
    messages.length = 0;
    sources[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(feed.mode).toBe('live');
    expect(messages.map((m) => m.type)).toEqual(['verifications-unknown', 'snapshot', 'mode']);
    // Live again: polling the jobs stops.
    const live = jobFetches;
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS * 3);
    expect(jobFetches).toBe(live);
  });

  it('is not "unreachable" when the server answers with an error', async () => {
    sources[0]!.fail(0);
    server = 'erroring';
    await vi.advanceTimersByTimeAsync(JOBS_POLL_MS * 2);
    expect(feed.mode).toBe('polling');
  });

  it('reopens a stream the browser closed', async () => {
    sources[0]!.fail(2);
    expect(sources[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(RECONNECT_MS);
    expect(sources).toHaveLength(2);
    sources[1]!.open();
    expect(feed.mode).toBe('live');
  });
});

describe('parseEvent', () => {
  it('accepts the whole ServerEvent or the bare payload, and drops garbage', () => {
    const job = jobFixture();
    expect(parseEvent('job', JSON.stringify({ type: 'job', job }))).toEqual({ type: 'job', job });
    expect(parseEvent('job', JSON.stringify(job))).toEqual({ type: 'job', job });
    expect(parseEvent('job', 'not json')).toBeNull();
    expect(parseEvent('network', JSON.stringify({ nope: 1 }))).toBeNull();
    expect(
      parseEvent('notification', JSON.stringify({ level: 'weird', title: 'Done', jobId: 'a', message: 'm' })),
    ).toEqual({ type: 'notification', level: 'info', title: 'Done', jobId: 'a', message: 'm' });
  });
});

describe('LiveFeed: a job list that arrives after the stream told more', () => {
  let source: FakeEventSource;
  let messages: FeedMessage[];
  let feed: LiveFeed;
  let answerList: (jobs: JobView[]) => void;

  beforeEach(() => {
    messages = [];
    feed = new LiveFeed(
      {
        openEvents: () => {
          source = new FakeEventSource();
          return source;
        },
        // Each fetch waits until the test answers it.
        fetchJobs: () => new Promise<JobView[]>((resolve) => (answerList = resolve)),
        fetchNetwork: async () => network,
        fetchSettings: async () => settings,
      },
      (message) => messages.push(message),
    );
    feed.start();
  });

  afterEach(() => feed.stop());

  const lastSnapshot = () => messages.filter((m) => m.type === 'snapshot').at(-1);

  it('keeps the completion the stream sent while the list (written when the job still ran) was on its way', async () => {
    answerList([]);
    source.open();
    await Promise.resolve();
    // The Download's own re-read of the list starts; the job completes; then the list, older, arrives.
    void feed.refreshJobs();
    const completed = jobFixture({ id: 'q6', state: 'completed', downloaded: 90, total: 90 });
    source.send('job', { type: 'job', job: completed });
    answerList([
      jobFixture({ id: 'q6', state: 'running', downloaded: 0, total: 90 }),
      jobFixture({ id: 'other' }),
    ]);
    await vi.waitFor(() =>
      expect(lastSnapshot()).toEqual({ type: 'snapshot', jobs: [completed, jobFixture({ id: 'other' })] }),
    );
  });

  it('does not bring back a job the stream removed, and adds one it created, while the list was on its way', async () => {
    answerList([]);
    source.open();
    await Promise.resolve();
    void feed.refreshJobs();
    const created = jobFixture({ id: 'new', state: 'queued' });
    source.send('job-removed', { type: 'job-removed', id: 'gone' });
    source.send('job', { type: 'job', job: created });
    answerList([jobFixture({ id: 'gone', state: 'completed' })]);
    await vi.waitFor(() => expect(lastSnapshot()).toEqual({ type: 'snapshot', jobs: [created] }));
  });

  it('takes a later list as it is: the events it already holds are not replayed over it', async () => {
    answerList([]);
    source.open();
    await Promise.resolve();
    source.send('job', { type: 'job', job: jobFixture({ id: 'q6', state: 'running' }) });
    void feed.refreshJobs();
    const completed = jobFixture({ id: 'q6', state: 'completed' });
    answerList([completed]);
    await vi.waitFor(() => expect(lastSnapshot()).toEqual({ type: 'snapshot', jobs: [completed] }));
  });
});
