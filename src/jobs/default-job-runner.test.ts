import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubgetError } from '../errors.js';
import type { RetryOptions } from '../hub/hub-request.js';
import type { TransferEvent } from '../progress/events.js';
import type { DownloadModelOptions } from '../transfer/download-model.js';
import type { DownloadRequest } from '../transfer/types.js';

const downloadModel = vi.fn(
  async (_request: DownloadRequest, _options: DownloadModelOptions) => ({}) as never,
);
vi.mock('../transfer/download-model.js', () => ({ downloadModel }));
const getDownloadAccess = vi.fn(async () => ({}) as never);
vi.mock('../hub/download-access.js', () => ({ getDownloadAccess }));

const { createDefaultJobRunner } = await import('./default-job-runner.js');
const request = {} as DownloadRequest;

afterEach(() => downloadModel.mockClear());

describe('createDefaultJobRunner', () => {
  it("rides out an outage (5 min without progress while nothing answers or the answers are 5xx), its Hub calls as its ranges, unless the caller's policy says otherwise", async () => {
    await createDefaultJobRunner().download(request, {});
    expect(downloadModel).toHaveBeenLastCalledWith(request, {
      transfer: { retryPolicy: { outageBudgetMs: 300_000 } },
      hubCall: {
        retry: { outageBudgetMs: 300_000, onRetry: expect.any(Function) },
      },
    });
    await createDefaultJobRunner({ retryPolicy: { unreachableFailures: 2, delayScale: 0.01 } }).download(
      request,
      {},
    );
    expect(downloadModel).toHaveBeenLastCalledWith(request, {
      transfer: { retryPolicy: { unreachableFailures: 2, outageBudgetMs: 300_000, delayScale: 0.01 } },
      hubCall: {
        retry: {
          unreachableFailures: 2,
          outageBudgetMs: 300_000,
          delayScale: 0.01,
          onRetry: expect.any(Function),
        },
      },
    });
  });

  it("tells a Hub call's retry as a retry event with no file, as a range request's is told", async () => {
    const events: TransferEvent[] = [];
    await createDefaultJobRunner().download(request, { onEvent: (event) => events.push(event) });
    const retry = downloadModel.mock.lastCall![1].hubCall!.retry as RetryOptions;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 9,
    });
    const error = new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach 127.0.0.1:9: connect ECONNREFUSED', {
      cause: refused,
    });
    retry.onRetry!({ attempt: 3, delayMs: 4000, error, lastTry: false });
    expect(events).toEqual([
      {
        type: 'retry',
        path: '',
        attempt: 3,
        delayMs: 4000,
        error: { code: 'NETWORK_UNREACHABLE', message: error.message },
        unreachable: { code: 'ECONNREFUSED', host: '127.0.0.1:9' },
        // The job's limit (SERVER_JOB_RETRY_POLICY): an outage is retried for 5 minutes.
        limit: { forMs: 300_000 },
      },
    ]);
    // A call held by another request's 429 (no try failed) says so, as a range request's held wait does.
    const held = new HubgetError('RATE_LIMITED', 'rate-limited', { status: 429, retryAfterMs: 3000 });
    retry.onRetry!({ attempt: 0, delayMs: 3000, error: held, lastTry: false, held: true });
    expect(events[1]).toMatchObject({
      type: 'retry',
      path: '',
      attempt: 0,
      held: true,
      error: { status: 429 },
    });
  });

  it('asks for access with one quick retry (a client waits on it), whatever the jobs ride out', async () => {
    const hub = { endpoint: 'http://127.0.0.1:9' };
    const repo = { repoId: 'org/model', repoType: 'model' as const };
    await createDefaultJobRunner({ retryPolicy: { delayScale: 0.01 } }).access!(
      { hub, repo } as DownloadRequest,
      {
        probePath: 'a.bin',
      },
    );
    expect(getDownloadAccess).toHaveBeenLastCalledWith({
      hub,
      repo,
      revision: 'main',
      probePath: 'a.bin',
      // Held by the process's 429 waits (src/transfer/host-rate-limit.ts hostRateLimitQuota).
      quota: expect.objectContaining({ heldMs: expect.any(Function) }),
      retry: {
        delayScale: 0.01,
        maxConsecutiveFailures: 2,
        unreachableFailures: 2,
        outageBudgetMs: 0,
        baseDelayMs: 250,
        maxDelayMs: 250,
        maxServerDelayMs: 1000,
      },
    });
  });
});
