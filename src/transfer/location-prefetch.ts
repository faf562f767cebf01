/**
 * Look-ahead file resolution for a snapshot download: the HEAD on each file's resolve URL (hf-protocol.md
 * §1.4) runs ahead of its transfer, so when a connection slot frees up the next file's CDN location is
 * already known and the slot is spent on the range GET only. Still one resolve per file; a signed URL
 * that expires later is re-resolved by the transfer (§6.6).
 *
 * Bounds: at most `concurrency` resolves at once (they do not count against the connection budget, which
 * limits GETs), and never more than `lookAhead` files beyond the last file whose transfer started, so
 * signed URLs are not fetched long before they are used and the resolver is not flooded (§1.8).
 */

export interface LocationPrefetchOptions {
  /** Resolves at once. */
  concurrency: number;
  /** Files resolved beyond the last started transfer. */
  lookAhead: number;
  signal: AbortSignal;
}

export class LocationPrefetch<Item, Location> {
  readonly #items: readonly Item[];
  readonly #positions = new Map<Item, number>();
  readonly #resolve: (item: Item) => Promise<Location>;
  readonly #options: LocationPrefetchOptions;
  readonly #ready = new Map<Item, Promise<Location>>();
  /** Items whose transfer already asked for their location (prefetching them is pointless). */
  readonly #taken = new Set<Item>();
  #next = 0;
  #inFlight = 0;
  /** Position after the furthest item whose transfer started. */
  #startedUpTo = 0;

  constructor(
    items: readonly Item[],
    resolve: (item: Item) => Promise<Location>,
    options: LocationPrefetchOptions,
  ) {
    this.#items = items;
    for (const [index, item] of items.entries()) this.#positions.set(item, index);
    this.#resolve = resolve;
    this.#options = options;
    this.#pump();
  }

  /** Resolves in flight right now (for tests and diagnostics). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * The location for `item`: the prefetched one (handed out once), or a resolve started now. A failed
   * prefetch is returned as is; the transfer's own retry then asks again and gets a fresh resolve.
   */
  take(item: Item): Promise<Location> {
    this.#taken.add(item);
    const position = this.#positions.get(item);
    if (position !== undefined) this.#startedUpTo = Math.max(this.#startedUpTo, position + 1);
    const ready = this.#ready.get(item);
    this.#pump();
    if (ready) {
      this.#ready.delete(item);
      return ready;
    }
    return this.#resolve(item);
  }

  #pump(): void {
    const { concurrency, lookAhead, signal } = this.#options;
    while (
      !signal.aborted &&
      this.#inFlight < concurrency &&
      this.#next < this.#items.length &&
      this.#next < this.#startedUpTo + lookAhead
    ) {
      const item = this.#items[this.#next++]!;
      if (this.#taken.has(item)) continue;
      this.#inFlight++;
      const location = this.#resolve(item);
      this.#ready.set(item, location);
      // Failures reach the transfer through take(); never an unhandled rejection here.
      location
        .catch(() => {})
        .finally(() => {
          this.#inFlight--;
          this.#pump();
        });
    }
  }
}
