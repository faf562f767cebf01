/**
 * The order in which a snapshot's missing files start. Small files must not wait behind big ones
 * (config.json and tokenizer.json should land in the first second next to a 10 GB safetensors), and the
 * whole download should end early:
 * 1. the largest file first when it is large: it is the long pole, and it spreads over many connections
 *    while the small files take the remaining slots;
 * 2. then the small files, smallest first: each costs about a round trip, so they all land early;
 * 3. then the other large files, largest first, so the last transfer running alone (on at most
 *    `--connections` connections) is the shortest one.
 *
 * A resumed download (Ctrl-C, then the same command) first finishes the files it has partly on disk
 * (`isPartial`: a temp file with a resume map, another program's partial download), in that same order among
 * them: they hold the user's bytes and the progress shown, and a fresh model-00003 started before the half-done
 * model-00002. The other files follow in the order above. With no partial file the order is the one above.
 */

import type { PlannedFile } from './types.js';

/** Above this a file is "large": several segments, seconds of transfer rather than a round trip. */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;

export function transferOrder<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  isPartial: (item: T) => boolean = () => false,
): T[] {
  const partial = items.filter(isPartial);
  const rest = items.filter((item) => !isPartial(item));
  return [...bySize(partial, sizeOf), ...bySize(rest, sizeOf)];
}

/** The order without partial files: the largest when large, the small ones smallest first, the other large ones. */
function bySize<T>(items: readonly T[], sizeOf: (item: T) => number): T[] {
  const large = items.filter((item) => sizeOf(item) > LARGE_FILE_BYTES);
  const small = items.filter((item) => sizeOf(item) <= LARGE_FILE_BYTES);
  large.sort((a, b) => sizeOf(b) - sizeOf(a));
  small.sort((a, b) => sizeOf(a) - sizeOf(b));
  const [longest, ...otherLarge] = large;
  return longest === undefined ? small : [longest, ...small, ...otherLarge];
}

/**
 * A plan's missing files as they start: one group per blob (paths with identical content, empty files or
 * duplicated weights, share a blob id and would otherwise race on the same resumable temp file), in
 * transferOrder, a group with bytes on disk (`partialBytes`) first.
 */
export function missingInOrder(files: readonly PlannedFile[]): PlannedFile[][] {
  const groups = new Map<string, PlannedFile[]>();
  for (const file of files) {
    if (file.present) continue;
    const group = groups.get(file.blobId);
    if (group) group.push(file);
    else groups.set(file.blobId, [file]);
  }
  return transferOrder(
    [...groups.values()],
    ([first]) => first!.size,
    (group) => group.some((file) => file.partialBytes > 0),
  );
}
