/** A rate limiter that counts the bytes it allowed (the rate-limit tests compare them with the bytes on the wire). */
import { createRateLimiter } from '../../src/transfer/rate-limiter.js';
import type { ByteRateLimiter } from '../../src/transfer/types.js';

export function countingLimiter(bytesPerSecond: number): ByteRateLimiter & { readonly allowed: number } {
  const limiter = createRateLimiter(bytesPerSecond);
  let allowed = 0;
  return {
    get bytesPerSecond() {
      return limiter.bytesPerSecond;
    },
    get allowed() {
      return allowed;
    },
    setRate: (rate) => limiter.setRate(rate),
    onRateChange: (listener) => limiter.onRateChange(listener),
    take: async (bytes, signal) => {
      const held = await limiter.take(bytes, signal);
      allowed += bytes;
      return held;
    },
  };
}
