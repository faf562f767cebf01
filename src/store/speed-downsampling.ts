/**
 * Speed history downsampling: a sample per second is kept for the most recent minutes, older ones are
 * merged into coarser buckets, so a 10-hour job keeps ~1,500 samples instead of 36,000.
 */
import type { StoredSpeedSample } from './types.js';

export interface DownsamplingTier {
  /** Samples older than this (relative to now) fall into this tier. */
  olderThanMs: number;
  /** One sample per bucket of this width. */
  bucketMs: number;
}

/** Full resolution for 10 min, then 1 per 10 s up to 1 h, then 1 per 60 s. */
export const DEFAULT_DOWNSAMPLING: readonly DownsamplingTier[] = [
  { olderThanMs: 10 * 60_000, bucketMs: 10_000 },
  { olderThanMs: 60 * 60_000, bucketMs: 60_000 },
];

export interface SampleWithId extends StoredSpeedSample {
  id: number;
}

export interface DownsamplingResult {
  /** Ids of samples to delete. */
  remove: number[];
  /** Merged samples to insert in their place. */
  add: StoredSpeedSample[];
}

/**
 * Merges every bucket holding more than one sample into one: t, downloaded and fetchedBytes of the bucket's
 * last sample, bytesPerSecond the mean. Buckets already down to one sample are left alone, so running it
 * again is a no-op.
 */
export function downsampleSpeedSamples(
  samples: readonly SampleWithId[],
  nowMs: number,
  tiers: readonly DownsamplingTier[] = DEFAULT_DOWNSAMPLING,
): DownsamplingResult {
  const ordered = [...tiers].sort((a, b) => b.olderThanMs - a.olderThanMs);
  const buckets = new Map<string, SampleWithId[]>();
  for (const sample of samples) {
    const tier = ordered.find((candidate) => nowMs - sample.t > candidate.olderThanMs);
    if (!tier) continue;
    const key = `${tier.bucketMs}:${Math.floor(sample.t / tier.bucketMs)}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.push(sample);
    else buckets.set(key, [sample]);
  }
  const result: DownsamplingResult = { remove: [], add: [] };
  for (const bucket of buckets.values()) {
    if (bucket.length < 2) continue;
    bucket.sort((a, b) => a.t - b.t);
    const last = bucket[bucket.length - 1]!;
    const meanBytesPerSecond = bucket.reduce((sum, sample) => sum + sample.bytesPerSecond, 0) / bucket.length;
    result.remove.push(...bucket.map((sample) => sample.id));
    result.add.push({
      t: last.t,
      bytesPerSecond: Math.round(meanBytesPerSecond),
      downloaded: last.downloaded,
      fetchedBytes: last.fetchedBytes,
    });
  }
  return result;
}
