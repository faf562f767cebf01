/**
 * The model page's Hub calls keep the process's `429` waits (docs/transfer-faults.md, "A 429 holds its whole quota"):
 * its model card (readSmallFile, a `/resolve/` request) asked nothing while another request's `429` held the resolvers
 * quota, and a `429` it got held none of the process's other requests; its listing neither. Windows with a clock of
 * their own: nothing here depends on time passing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { createHubBrowser } from './hub-browser.js';

let hub: TestHub;
const REPO = { repoId: 'org/carded', repoType: 'model' as const };

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'README.md', content: '# Carded\n' },
      { path: 'config.json', content: '{}' },
    ],
  });
});
afterAll(() => hub.close());
beforeEach(() => {
  hub.resetFaults();
  hub.clearRequests();
});

/** A browser over `windows`, whose clock stands still: a wait noted lasts the whole test. */
function browserOver(windows: RateLimitWindows) {
  return createHubBrowser({
    hubConfig: () => ({ endpoint: hub.url }),
    machine: async () => ({ totalRamBytes: 1 }),
    rateLimits: windows,
  });
}
const frozen = () => new RateLimitWindows(() => 1_000_000);
const cardAsked = () => hub.requests.filter((request) => request.path.includes('/resolve/')).length;

describe('the model page under the process’s 429 waits', () => {
  it('asks no model card while another request’s 429 holds the resolvers quota; the page still answers', async () => {
    const windows = frozen();
    windows.note(hub.url, 'resolvers', undefined, 60_000);
    const page = await browserOver(windows).repo(REPO, 'main');
    expect(page.files.map((file) => file.path).sort()).toEqual(['README.md', 'config.json']);
    expect(page.readme).toBeNull();
    expect(cardAsked()).toBe(0);
  });

  it('holds the process’s other requests of its quota when its model card gets a 429', async () => {
    const windows = frozen();
    hub.setFaults({ rateLimitWindow: { seconds: 60, on: 'resolve' } });
    const page = await browserOver(windows).repo(REPO, 'main');
    expect(page.readme).toBeNull();
    expect(cardAsked()).toBe(1);
    // The Hub's whole wait (60 s + 1), though the interactive call itself waits none of it: the downloads' range
    // requests keep it too.
    expect(windows.leftMs(hub.url, 'resolvers', undefined)).toBe(61_000);
    // The buckets stay apart: the API calls are not held.
    expect(windows.leftMs(hub.url, 'api', undefined)).toBeUndefined();
  });

  it('answers at once with the 429 while another request’s 429 holds the API quota, asking nothing', async () => {
    const windows = frozen();
    windows.note(hub.url, 'api', undefined, 60_000);
    await expect(browserOver(windows).repo(REPO, 'main')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
    });
    expect(hub.requests).toEqual([]);
  });
});
