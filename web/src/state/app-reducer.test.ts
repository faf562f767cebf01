import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import {
  type AppState,
  appendSample,
  appReducer,
  initialAppState,
  MAX_TOASTS,
  mergeSamples,
  NETWORK_WINDOW_MS,
} from './app-reducer.js';

const sample = (t: number) => ({ t, rxBytesPerSecond: t, txBytesPerSecond: 0, hubgetBytesPerSecond: 0 });

/** A `notification` event of the stream about job `jobId`. */
const notification = (level: 'info' | 'success' | 'error', jobId: string, title: string, message: string) =>
  ({ type: 'notification', level, jobId, title, message }) as const;

describe('appReducer', () => {
  it('turns notification events into sanitised toasts', () => {
    const state = appReducer(
      initialAppState,
      notification(
        'error',
        'j',
        'Download failed',
        'bad token hf_abcdefghijklmnop\n    at Object.<anonymous> (/src/x.ts:1:1)',
      ),
    );
    expect(state.toasts).toHaveLength(1);
    expect(state.toasts[0]?.message).toBe('bad token hf_…');
    expect(state.pendingNotices).toHaveLength(1);
    expect(appReducer(state, { type: 'notices-delivered' }).pendingNotices).toEqual([]);
  });

  it('keeps at most MAX_TOASTS toasts and dismisses by id', () => {
    let state: AppState = initialAppState;
    for (let i = 0; i < MAX_TOASTS + 2; i++) {
      state = appReducer(state, {
        type: 'toast',
        notice: { level: 'info', jobId: '', title: `t${i}`, message: '' },
      });
    }
    expect(state.toasts).toHaveLength(MAX_TOASTS);
    const first = state.toasts[0]!;
    expect(appReducer(state, { type: 'dismiss-toast', id: first.id }).toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('derives completion toasts from the lists, polled or fetched when the stream reopens', () => {
    const running = jobFixture({ state: 'running' });
    const done = jobFixture({ state: 'completed' });
    for (const mode of ['polling', 'live'] as const) {
      let state = appReducer({ ...initialAppState, mode }, { type: 'snapshot', jobs: [running] });
      state = appReducer(state, { type: 'snapshot', jobs: [done] });
      expect(state.toasts.map((toast) => toast.title)).toEqual(['Download complete']);
    }
  });

  it('toasts a completion once when a poll saw it and the reconnected stream replays its notification', () => {
    const running = jobFixture({ id: 'j1', state: 'running' });
    const done = jobFixture({ id: 'j1', state: 'completed' });
    const replayed = notification('success', 'j1', 'Download complete', 'org/model downloaded');
    let state = appReducer({ ...initialAppState, mode: 'live' }, { type: 'job', job: running });
    state = appReducer(state, { type: 'mode', mode: 'polling' });
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    state = appReducer(state, { type: 'mode', mode: 'live' });
    state = appReducer(state, replayed);
    state = appReducer(state, replayed);
    expect(state.toasts.map((toast) => toast.title)).toEqual(['Download complete']);
    expect(state.pendingNotices).toHaveLength(1);
  });

  it('toasts the notification once when the list fetched after it shows the same completion', () => {
    const running = jobFixture({ id: 'j1', state: 'running' });
    const done = jobFixture({ id: 'j1', state: 'completed' });
    let state = appReducer({ ...initialAppState, mode: 'live' }, { type: 'snapshot', jobs: [running] });
    state = appReducer(
      state,
      notification('success', 'j1', 'Download complete', 'org/model downloaded (1 GB in 3 s)'),
    );
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    expect(state.toasts.map((toast) => toast.message)).toEqual(['org/model downloaded (1 GB in 3 s)']);
  });

  it('toasts a completion once when a list fetched before it ended arrives after its notification', () => {
    const running = jobFixture({ id: 'j1', state: 'running' });
    const done = jobFixture({ id: 'j1', state: 'completed', finishedAt: '2025-12-07T10:05:00.000Z' });
    let state = appReducer({ ...initialAppState, mode: 'live' }, { type: 'snapshot', jobs: [running] });
    // The stream: the job's end, then its notification.
    state = appReducer(state, { type: 'job', job: done });
    state = appReducer(state, notification('success', 'j1', 'Download complete', 'org/model downloaded'));
    // A list asked for before the job ended (after a command, or when the stream opened) answers now,
    state = appReducer(state, { type: 'snapshot', jobs: [running] });
    // and the next one shows the completion: the same run's, not a new one.
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    expect(state.toasts.map((toast) => toast.title)).toEqual(['Download complete']);
    expect(state.pendingNotices).toHaveLength(1);
  });

  it("toasts a completion once when its notification comes before the job's view, then a stale list", () => {
    const running = jobFixture({ id: 'j1', state: 'running' });
    const done = jobFixture({ id: 'j1', state: 'completed', finishedAt: '2025-12-07T10:05:00.000Z' });
    let state = appReducer({ ...initialAppState, mode: 'live' }, { type: 'job', job: running });
    state = appReducer(state, notification('success', 'j1', 'Download complete', 'org/model downloaded'));
    state = appReducer(state, { type: 'snapshot', jobs: [running] });
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    state = appReducer(state, { type: 'snapshot', jobs: [running] });
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    expect(state.toasts.map((toast) => toast.title)).toEqual(['Download complete']);
  });

  it('toasts a job again when it runs again and ends again: failed, retried, failed, retried, completed', () => {
    const failedAt = (minute: number) =>
      jobFixture({ id: 'j1', state: 'failed', finishedAt: `2025-12-07T10:0${minute}:00.000Z` });
    const failure = notification('error', 'j1', 'org/model failed', 'boom');
    let state = appReducer(initialAppState, { type: 'job', job: failedAt(1) });
    state = appReducer(state, failure);
    state = appReducer(state, { type: 'job', job: jobFixture({ id: 'j1', state: 'queued' }) });
    state = appReducer(state, { type: 'job', job: jobFixture({ id: 'j1', state: 'running' }) });
    state = appReducer(state, { type: 'job', job: failedAt(2) });
    state = appReducer(state, failure);
    // Polling: the retried run's completion comes from the lists.
    state = appReducer(state, { type: 'snapshot', jobs: [jobFixture({ id: 'j1', state: 'running' })] });
    const done = jobFixture({ id: 'j1', state: 'completed', finishedAt: '2025-12-07T10:03:00.000Z' });
    state = appReducer(state, { type: 'snapshot', jobs: [done] });
    expect(state.toasts.map((toast) => toast.title)).toEqual([
      'org/model failed',
      'org/model failed',
      'Download complete',
    ]);
  });

  it("toasts each run's failure when every notification comes before its job's view (retried at once)", () => {
    // The first failed run was never seen as failed here (retried before any view of it arrived): its
    // notification said which run it ended, so the second one's is not taken for it.
    const failed = (minute: number) => ({
      ...notification('error', 'j1', 'org/model failed', 'boom'),
      finishedAt: `2025-12-07T10:0${minute}:00.000Z`,
    });
    let state = appReducer(initialAppState, { type: 'job', job: jobFixture({ id: 'j1', state: 'running' }) });
    state = appReducer(state, failed(1));
    state = appReducer(state, { type: 'job', job: jobFixture({ id: 'j1', state: 'running' }) });
    state = appReducer(state, failed(2));
    state = appReducer(state, failed(2));
    expect(state.toasts.map((toast) => toast.title)).toEqual(['org/model failed', 'org/model failed']);
  });

  it('does not deduplicate info notices or job-less toasts', () => {
    let state = initialAppState;
    for (let i = 0; i < 2; i++) {
      state = appReducer(state, notification('info', 'j1', 'x', 'm'));
      state = appReducer(state, {
        type: 'toast',
        notice: { level: 'error', jobId: '', title: 'e', message: '' },
      });
    }
    expect(state.toasts).toHaveLength(4);
  });

  it('records supported network readings as samples', () => {
    const stats = {
      supported: true,
      t: 1000,
      rxBytesPerSecond: 5,
      txBytesPerSecond: 1,
      interfaces: [],
      hubgetBytesPerSecond: 4,
    };
    const state = appReducer(initialAppState, { type: 'network', stats });
    expect(state.network).toBe(stats);
    expect(state.networkSamples).toHaveLength(1);
    const unsupported = appReducer(initialAppState, {
      type: 'network',
      stats: { ...stats, supported: false },
    });
    expect(unsupported.networkSamples).toHaveLength(0);
  });
});

describe('network samples', () => {
  it('appends in order and keeps ten minutes', () => {
    let samples = [sample(0), sample(1000)];
    samples = appendSample(samples, sample(500));
    expect(samples.map((s) => s.t)).toEqual([0, 1000]);
    samples = appendSample(samples, sample(NETWORK_WINDOW_MS + 500));
    expect(samples.map((s) => s.t)).toEqual([1000, NETWORK_WINDOW_MS + 500]);
  });

  it('merges server history under live samples', () => {
    expect(mergeSamples([sample(1), sample(2)], [sample(2), sample(3)]).map((s) => s.t)).toEqual([1, 2, 3]);
  });

  it('keeps the stream’s news of a created job: no "Download queued" after its "failed"', () => {
    const queued = jobFixture({ id: 'j', state: 'queued' });
    const notice = { level: 'info' as const, jobId: 'j', title: 'Download queued', message: 'org/x' };
    // The stream said it failed before the POST answered.
    let state = appReducer(initialAppState, { type: 'job', job: jobFixture({ id: 'j', state: 'failed' }) });
    state = appReducer(state, notification('error', 'j', 'Download failed', 'x'));
    state = appReducer(state, { type: 'job-created', job: queued, notice });
    expect(state.toasts.map((toast) => toast.title)).toEqual(['Download failed']);
    expect(state.jobs.byId.j?.state).toBe('failed');
    // Not known yet: the answer adds it, with its toast.
    const fresh = appReducer(initialAppState, { type: 'job-created', job: queued, notice });
    expect(fresh.jobs.byId.j?.state).toBe('queued');
    expect(fresh.toasts.map((toast) => toast.title)).toEqual(['Download queued']);
  });
});
