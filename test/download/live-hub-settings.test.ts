/**
 * A running download follows changed Hub settings (DownloadOptions.hubConfig) from its plan on: a job still
 * retrying its listing tries the new endpoint and token on its next attempt (docs/jobs.md, "Settings":
 * every setting is live), not the ones it started with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConfig } from '../../src/hub/types.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { closedPort } from '../support/closed-port.js';
import { requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/live', repoType: 'model' as const };
let hub: TestHub;
const temp = tempDirs('livehub');

beforeAll(async () => {
  hub = await startTestHub({ token: 'hf_new' });
  await hub.addRepo({
    repoId: REPO.repoId,
    private: true,
    files: [
      { path: 'config.json', content: '{"live":1}' },
      { path: 'model.safetensors', size: 50_000 },
    ],
  });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

/** A download whose settings become `next` when its listing is first retried. */
async function switchedOnRetry(start: HubConfig, next: HubConfig) {
  let live = start;
  let retries = 0;
  const result = await downloadModel(
    { ...requestFor(hub, REPO, { cacheDir: await temp.make() }), hub: start },
    testOptions([], {
      hubConfig: () => live,
      hubCall: {
        retry: {
          baseDelayMs: 10,
          maxDelayMs: 20,
          maxConsecutiveFailures: 20,
          unreachableFailures: 20,
          onRetry: () => {
            retries += 1;
            live = next;
            hub.resetFaults();
          },
        },
      },
    }),
  );
  return { result, retries };
}

describe('a download retrying its listing', () => {
  it('tries the endpoint set since it started on its next attempt', async () => {
    const dead = { endpoint: `http://127.0.0.1:${await closedPort()}`, token: 'hf_new' };
    const { result, retries } = await switchedOnRetry(dead, { endpoint: hub.url, token: 'hf_new' });
    expect(retries).toBe(1);
    expect(result.plan.files.map((file) => file.path).sort()).toEqual(['config.json', 'model.safetensors']);
    expect(result.downloadedBytes).toBeGreaterThan(50_000);
  });

  it('sends the token set since it started on its next attempt', async () => {
    hub.setFaults({ status: { status: 503, on: 'api', retryAfterSeconds: 0 } });
    hub.requests.length = 0;
    const { result, retries } = await switchedOnRetry(
      { endpoint: hub.url, token: 'hf_old' },
      { endpoint: hub.url, token: 'hf_new' },
    );
    expect(retries).toBe(1);
    expect(result.plan.files).toHaveLength(2);
  });
});
