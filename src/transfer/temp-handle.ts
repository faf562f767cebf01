/**
 * An open temp file as the transfer path uses it: a `FileHandle`, or a descriptor opened synchronously while
 * the disk answers fast (src/system/sync-fs-switch.ts). Opening and closing through the thread pool were two
 * of a small file's round trips there (≈ 35 µs of the main thread's time each, beside ≈ 10 for the call).
 */
import {
  close as closeCallback,
  closeSync,
  fstat as fstatCallback,
  fstatSync,
  ftruncate as ftruncateCallback,
  ftruncateSync,
  openSync,
  read as readCallback,
  type Stats,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { metadataCall } from '../system/sync-fs-switch.js';

/** The part of a `FileHandle` the transfer path uses (a `FileHandle` is one). */
export interface TempHandle {
  /** The descriptor; -1 once closed. */
  readonly fd: number;
  stat(): Promise<Stats>;
  truncate(length: number): Promise<void>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** Closes the descriptor once; later calls do nothing (as a `FileHandle`'s). */
  close(): Promise<void>;
}

const closeAsync = promisify(closeCallback);
const fstatAsync = promisify(fstatCallback);
const ftruncateAsync = promisify(ftruncateCallback);
const readAsync = promisify(readCallback);

/** A descriptor opened synchronously: its metadata calls follow the switch, its reads use the thread pool. */
class DescriptorHandle implements TempHandle {
  #fd: number;

  constructor(fd: number) {
    this.#fd = fd;
  }

  get fd(): number {
    return this.#fd;
  }

  stat(): Promise<Stats> {
    const fd = this.#open();
    return metadataCall(
      () => fstatSync(fd),
      () => fstatAsync(fd),
    );
  }

  truncate(length: number): Promise<void> {
    const fd = this.#open();
    return metadataCall(
      () => ftruncateSync(fd, length),
      () => ftruncateAsync(fd, length),
    );
  }

  async read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }> {
    const { bytesRead } = await readAsync(this.#open(), buffer, offset, length, position);
    return { bytesRead };
  }

  async close(): Promise<void> {
    const fd = this.#fd;
    if (fd === -1) return;
    // Marked closed first: a descriptor number is reused at once, so a second close must never reach it.
    this.#fd = -1;
    await metadataCall(
      () => closeSync(fd),
      () => closeAsync(fd),
    );
  }

  #open(): number {
    if (this.#fd === -1) throw Object.assign(new Error('file closed'), { code: 'EBADF' });
    return this.#fd;
  }
}

/** Opens `path` with `flags` ('r+' or 'w+'): synchronously while the switch allows, else a `FileHandle`. */
export function openTempHandle(path: string, flags: 'r+' | 'w+'): Promise<TempHandle> {
  return metadataCall<TempHandle>(
    () => new DescriptorHandle(openSync(path, flags)),
    () => open(path, flags),
  );
}
