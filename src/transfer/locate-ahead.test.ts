import { describe, expect, it } from 'vitest';
import {
  LOCATE_MAX_FAILED_ASKS,
  LOCATED_URL_MAX_AGE_MS,
  LocateAhead,
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
