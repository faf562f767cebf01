/**
 * The server's Hub window: identical queries answered from the 60 s cache, failures never cached, a Hub that
 * is down said after one quick retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { closedPort } from '../../test/support/closed-port.js';
import { countConnectErrors } from '../../test/support/connect-errors.js';
import { CACHE_TTL_MS, createHubBrowser } from './hub-browser.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/cached', files: [{ path: 'a.txt', content: 'a' }] });
});

afterAll(() => hub.close());

const searches = () => hub.requests.filter((entry) => entry.path.startsWith('/api/models?')).length;

describe('createHubBrowser', () => {
  it('answers identical queries from the cache for CACHE_TTL_MS, then asks again', async () => {
    let now = 1_000_000;
    let token: string | undefined;
    const browser = createHubBrowser({
      hubConfig: () => ({ endpoint: hub.url, ...(token ? { token } : {}) }),
      machine: async () => ({ totalRamBytes: 1 }),
      now: () => now,
    });
    hub.clearRequests();
    const first = await browser.search({ repoType: 'model', search: 'cached' });
    expect(first.items.map((item) => item.repoId)).toEqual(['org/cached']);
    await browser.search({ repoType: 'model', search: 'cached' });
    now += CACHE_TTL_MS - 1;
    await browser.search({ repoType: 'model', search: 'cached' });
    expect(searches()).toBe(1);
    await browser.search({ repoType: 'model', search: 'other' });
    expect(searches()).toBe(2);
    // Another token sees other (private) repos: not the same answer.
    token = hub.token;
    await browser.search({ repoType: 'model', search: 'cached' });
    expect(searches()).toBe(3);
    token = undefined;
    now += 2;
    await browser.search({ repoType: 'model', search: 'cached' });
    expect(searches()).toBe(4);
  });

  it('never caches a failure', async () => {
    const browser = createHubBrowser({
      hubConfig: () => ({ endpoint: hub.url }),
      machine: async () => ({ totalRamBytes: 1 }),
    });
    hub.setFaults({ status: { status: 503, on: 'api', times: 1 } });
    await expect(browser.search({ repoType: 'model', search: 'flaky' })).rejects.toMatchObject({
      code: 'HUB_HTTP_ERROR',
    });
    hub.resetFaults();
    expect((await browser.search({ repoType: 'model', search: 'flaky' })).items).toEqual([]);
  });

  it('says a Hub that refuses connections after one quick retry, for search, a model page and whoami', async () => {
    const port = await closedPort();
    const browser = createHubBrowser({
      hubConfig: () => ({ endpoint: `http://127.0.0.1:${port}`, token: 'hf_x' }),
      machine: async () => ({ totalRamBytes: 1 }),
    });
    const calls = [
      () => browser.search({ repoType: 'model', search: 'down' }),
      () => browser.repo({ repoType: 'model', repoId: 'org/down' }, 'main'),
      () => browser.whoami(),
    ];
    for (const call of calls) {
      // The default policy tried 5 times (4–12 s of backoff in the web UI's measurements).
      const attempts = countConnectErrors(port);
      try {
        await expect(call()).rejects.toMatchObject({ code: 'NETWORK_UNREACHABLE' });
        expect(attempts.count).toBe(2);
      } finally {
        attempts.stop();
      }
    }
  });

  it('gives an answer that is an error at once, with no retry', async () => {
    const browser = createHubBrowser({
      hubConfig: () => ({ endpoint: hub.url }),
      machine: async () => ({ totalRamBytes: 1 }),
    });
    hub.clearRequests();
    hub.setFaults({ status: { status: 503, on: 'api' } });
    try {
      await expect(browser.search({ repoType: 'model', search: 'busy' })).rejects.toMatchObject({
        code: 'HUB_HTTP_ERROR',
      });
      expect(searches()).toBe(1);
    } finally {
      hub.resetFaults();
    }
  });
});
