import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { retryPolicy } from '../hub/retry-policy.js';
import { createConnectionBudget } from './connection-budget.js';
import { hostRateLimitGate } from './host-rate-limit.js';
import {
  LOCATE_MAX_FAILED_ASKS,
  LOCATED_URL_MAX_AGE_MS,
  LocateAhead,
  locateFile,
  withLocatedUrl,
} from './locate-ahead.js';
import type { UrlResolver } from './types.js';

const RESOLVE = 'https://hub.test/org/m/resolve/abc/f.bin';
const resolver: UrlResolver = async () => ({ url: RESOLVE, headers: { authorization: 'Bearer t' } });
const located = { url: 'https://cdn.test/f?sig=1', headers: {}, atMs: 1_000 };

describe('LocateAhead', () => {
  it('allows one ask until the server is known, then every ask after a redirect', () => {
    const run = new LocateAhead();
    expect(run.mayAsk()).toBe(true);
    expect(run.mayAsk()).toBe(false);
    run.learned('redirect');
    expect(run.mayAsk()).toBe(true);
    expect(run.mayAsk()).toBe(true);
  });

  it('stops asking for good once the resolve URL served the bytes itself', () => {
    const run = new LocateAhead();
    expect(run.mayAsk()).toBe(true);
    run.learned('direct');
    expect(run.mayAsk()).toBe(false);
  });

  it('a failed probe lets the next file probe again', () => {
    const run = new LocateAhead();
    expect(run.mayAsk()).toBe(true);
    run.learned('failed');
    expect(run.mayAsk()).toBe(true);
  });

  it('stops asking after LOCATE_MAX_FAILED_ASKS failures in a row; a redirect in between resets the count', () => {
    const run = new LocateAhead();
    expect(run.mayAsk()).toBe(true);
    run.learned('redirect');
    for (let failed = 1; failed < LOCATE_MAX_FAILED_ASKS; failed++) run.learned('failed');
    run.learned('redirect');
    for (let failed = 1; failed < LOCATE_MAX_FAILED_ASKS; failed++) run.learned('failed');
    expect(run.mayAsk()).toBe(true);
    run.learned('failed');
    expect(run.mayAsk()).toBe(false);
  });
});

describe('withLocatedUrl', () => {
  it('answers the first initial call with the located URL, every later call with the resolver', async () => {
    const resolve = withLocatedUrl(resolver, located, () => 2_000);
    expect((await resolve('initial')).url).toBe(located.url);
    expect((await resolve('initial')).url).toBe(RESOLVE);
    expect((await resolve('expired')).url).toBe(RESOLVE);
  });

  it('an expiry before the first request goes to the resolver', async () => {
    const resolve = withLocatedUrl(resolver, located, () => 2_000);
    expect((await resolve('expired')).url).toBe(RESOLVE);
    expect((await resolve('initial')).url).toBe(RESOLVE);
  });

  it('ignores a located URL older than LOCATED_URL_MAX_AGE_MS', async () => {
    const resolve = withLocatedUrl(resolver, located, () => located.atMs + LOCATED_URL_MAX_AGE_MS + 1);
    expect((await resolve('initial')).url).toBe(RESOLVE);
  });

  it('is the resolver itself when nothing was located', () => {
    expect(withLocatedUrl(resolver, undefined)).toBe(resolver);
  });
});

describe('locateFile', () => {
  it("records its ask's 429 in the windows: the next request of the quota is held, and the next ask not sent", async () => {
    let asked = 0;
    const server = createServer((_request, response) => {
      asked++;
      response.writeHead(429, { 'retry-after': '30' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = `${endpoint}/org/m/resolve/abc/f.bin`;
    const gate = hostRateLimitGate(() => ({ endpoint }), undefined, new RateLimitWindows());
    const request = {
      resolveUrl: async () => ({ url, headers: {} }),
      size: 10,
      dispatcher: new Agent(),
      signal: new AbortController().signal,
      gate,
      retry: retryPolicy(),
    };
    try {
      expect(await locateFile(request, new LocateAhead(), createConnectionBudget(2))).toBeUndefined();
      expect(asked).toBe(1);
      // Retry-After: 30 is a wait of 31 s (+ 1 s, as huggingface_hub), for every request of the file's quota.
      expect(gate.heldMs?.(`${endpoint}/org/m/resolve/abc/other.bin`)).toBeGreaterThan(30_000);
      // Another bucket's (the API's) is not held.
      expect(gate.heldMs?.(`${endpoint}/api/models/org/m`)).toBeUndefined();
      const run = new LocateAhead();
      expect(await locateFile(request, run, createConnectionBudget(2))).toBeUndefined();
      expect(asked).toBe(1);
    } finally {
      server.close();
      await request.dispatcher.close();
    }
  });
});
