/**
 * The order in which a snapshot's missing files start. Small files must not wait behind big ones
 * (config.json and tokenizer.json should land in the first second next to a 10 GB safetensors), and the
 * whole download should end early:
 * 1. the largest file first when it is large: it is the long pole, and it spreads over many connections
 *    while the small files take the remaining slots;
 * 2. then the small files, smallest first: each costs about a round trip, so they all land early;
 * 3. then the other large files, largest first, so the last transfer running alone (on at most
 *    `--connections` connections) is the shortest one.
 */

/** Above this a file is "large": several segments, seconds of transfer rather than a round trip. */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;

export function transferOrder<T>(items: readonly T[], sizeOf: (item: T) => number): T[] {
  const large = items.filter((item) => sizeOf(item) > LARGE_FILE_BYTES);
  const small = items.filter((item) => sizeOf(item) <= LARGE_FILE_BYTES);
  large.sort((a, b) => sizeOf(b) - sizeOf(a));
  small.sort((a, b) => sizeOf(a) - sizeOf(b));
  const [longest, ...otherLarge] = large;
  return longest === undefined ? small : [longest, ...small, ...otherLarge];
}
