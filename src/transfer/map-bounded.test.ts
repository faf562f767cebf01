import { describe, expect, it } from 'vitest';
import { mapBounded } from './map-bounded.js';

describe('mapBounded', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (value, index) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return `${index}:${value * 10}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:40', '3:20', '4:30', '5:0']);
    expect(most).toBe(2);
  });

  it('handles an empty list and rejects with the first error', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    await expect(
      mapBounded([1, 2, 3], 2, async (value) => {
        if (value === 2) throw new Error('boom');
        return value;
      }),
    ).rejects.toThrow('boom');
  });
});
