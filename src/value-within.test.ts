import { describe, expect, it } from 'vitest';
import { valueWithin } from './value-within.js';

describe('valueWithin', () => {
  it('gives the answer that comes in time', async () => {
    expect(await valueWithin(Promise.resolve(7), 1000, 'late')).toBe(7);
  });

  it('gives the fallback when the answer is late, and leaves no timer behind', async () => {
    const never = new Promise<number>(() => {});
    expect(await valueWithin(never, 5, 'late')).toBe('late');
  });

  it('rejects with an error that comes in time', async () => {
    await expect(valueWithin(Promise.reject(new Error('boom')), 1000, 'late')).rejects.toThrow('boom');
  });
});
