import { describe, expect, it } from 'vitest';
import { redactUrl } from '../hub/urls.js';
import { parseContentRange, strongEtag } from './fetch-range.js';

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
});
