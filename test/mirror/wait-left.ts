/**
 * The mirror's answer while a remembered upstream 429 wait lasts (docs/mirror.md): 429 with what is left of a 30 s
 * wait in `Retry-After` (30 + 1 as huggingface_hub counts it, less the time since it began), and, for a file, the
 * words that say so.
 */
import { expect } from 'vitest';

export function expectWaitLeft(response: Response, { fileMessage = false } = {}): void {
  expect(response.status).toBe(429);
  const seconds = Number(response.headers.get('retry-after'));
  expect(seconds).toBeGreaterThan(20);
  expect(seconds).toBeLessThanOrEqual(31);
  if (fileMessage) expect(response.headers.get('x-error-message')).toMatch(/rate-limited.*retry in \d+ s/);
}
