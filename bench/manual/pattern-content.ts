/** Deterministic test content for the manual throughput check: a 1 MiB pattern repeated. */
import { createHash } from 'node:crypto';

export const PATTERN_BYTES = 1024 * 1024;

export function patternBuffer(): Buffer {
  const pattern = Buffer.alloc(PATTERN_BYTES);
  for (let offset = 0, i = 0; offset < PATTERN_BYTES; offset += 32, i++) {
    createHash('sha256').update(`hubget-${i}`).digest().copy(pattern, offset);
  }
  return pattern;
}

export function patternSha256(pattern: Buffer, size: number): string {
  const hash = createHash('sha256');
  for (let offset = 0; offset < size; offset += PATTERN_BYTES) {
    hash.update(pattern.subarray(0, Math.min(PATTERN_BYTES, size - offset)));
  }
  return hash.digest('hex');
}
