import { describe, expect, it } from 'vitest';
import { parseRangeHeader } from './http-range.js';

describe('parseRangeHeader', () => {
  it('reads the forms clients send', () => {
    expect(parseRangeHeader(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=0-0', 100)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(parseRangeHeader('bytes=10-', 100)).toEqual({ kind: 'partial', start: 10, end: 99 });
    expect(parseRangeHeader('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRangeHeader('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRangeHeader('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('unsatisfiable past the end; malformed or multi-range → the whole file', () => {
    expect(parseRangeHeader('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRangeHeader('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('items=0-1', 100)).toEqual({ kind: 'full' });
    expect(parseRangeHeader('bytes=5-2', 100)).toEqual({ kind: 'full' });
  });
});
