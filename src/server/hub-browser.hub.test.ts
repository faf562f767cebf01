/** The server's Hub window: identical queries answered from the 60 s cache, failures never cached. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
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
});
