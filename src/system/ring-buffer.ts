/** Fixed-capacity FIFO: pushing onto a full buffer drops the oldest item. */
export class RingBuffer<T> {
  readonly capacity: number;
  #items: (T | undefined)[];
  #start = 0;
  #length = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  /** A buffer of `capacity` holding the newest `items`. */
  static from<T>(items: readonly T[], capacity: number): RingBuffer<T> {
    const buffer = new RingBuffer<T>(capacity);
    for (const item of items.slice(-capacity)) buffer.push(item);
    return buffer;
  }

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    const end = (this.#start + this.#length) % this.capacity;
    this.#items[end] = item;
    if (this.#length < this.capacity) this.#length += 1;
    else this.#start = (this.#start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#length; i += 1) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }
}
