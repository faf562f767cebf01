import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DownloadRequest } from '../transfer/types.js';

const downloadModel = vi.fn(async () => ({}) as never);
vi.mock('../transfer/download-model.js', () => ({ downloadModel }));

const { createDefaultJobRunner } = await import('./default-job-runner.js');
const request = {} as DownloadRequest;

afterEach(() => downloadModel.mockClear());

describe('createDefaultJobRunner', () => {
  it("rides out an outage (40 tries when nothing answers), unless the caller's policy says otherwise", async () => {
    await createDefaultJobRunner().download(request, {});
    expect(downloadModel).toHaveBeenLastCalledWith(request, {
      transfer: { retryPolicy: { unreachableFailures: 40 } },
    });
    await createDefaultJobRunner({ retryPolicy: { unreachableFailures: 2, delayScale: 0.01 } }).download(
      request,
      {},
    );
    expect(downloadModel).toHaveBeenLastCalledWith(request, {
      transfer: { retryPolicy: { unreachableFailures: 2, delayScale: 0.01 } },
      hubCall: { retry: { unreachableFailures: 2, delayScale: 0.01 } },
    });
  });
});
