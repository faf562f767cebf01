import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../hub/urls.js';
import { parseContentRange, type RangeRequest, strongEtag, validateResponse } from './fetch-range.js';

describe('fetch-range helpers', () => {
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 0-99/1000')).toEqual({ first: 0, last: 99, total: 1000 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ first: 10, last: 19, total: null });
    expect(parseContentRange('bytes 20-10/1000')).toBeNull();
    expect(parseContentRange('bytes 0-1000/1000')).toBeNull();
    expect(parseContentRange('items 0-1/2')).toBeNull();
    expect(parseContentRange(undefined)).toBeNull();
  });

  it('keeps strong ETags only', () => {
    expect(strongEtag('"abc"')).toBe('"abc"');
    expect(strongEtag('W/"abc"')).toBeNull();
    expect(strongEtag(undefined)).toBeNull();
  });

  it('drops signed query strings from URLs in messages', () => {
    expect(redactUrl('https://cdn.example/repo/blob?X-Amz-Signature=secret')).toBe(
      'https://cdn.example/repo/blob',
    );
  });

  it("names what the server said of a refusal (a mirror's reason for a 503)", () => {
    const range: RangeRequest = {
      url: 'http://mirror/hf/org/m/resolve/main/w.bin',
      headers: {},
      start: 0,
      end: 10,
      size: 10,
      dispatcher: {} as Dispatcher,
      signal: new AbortController().signal,
    };
    const reason = 'w.bin of org/m is not in the mirror cache and the upstream Hub is unreachable';
    const refuse = (status: number, headers: Record<string, string>) => () =>
      validateResponse(range, range.url, status, headers);
    expect(refuse(503, { 'x-error-message': reason })).toThrow(
      `Server answered 503 for bytes=0-9: ${reason}`,
    );
    expect(refuse(503, {})).toThrow(/^Server answered 503 for bytes=0-9$/);
    expect(refuse(501, { 'x-error-message': 'no ranges here' })).toThrow(/501 .*: no ranges here$/);
  });
});
