/** Contracts between the transfer primitives (this folder) and the snapshot orchestration. */
import type { TransferEvent } from '../progress/events.js';

/** A token bucket in bytes/s shared by every transfer it is given to. 0 = unlimited. */
export interface ByteRateLimiter {
  /** Resolves when `bytes` may be consumed; rejects with ABORTED when the signal aborts. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
  setRate(bytesPerSecond: number): void;
  readonly bytesPerSecond: number;
}

/** Where to GET a file's bytes; called again when a signed URL expires (403/410 from the CDN). */
export type UrlResolver = (reason: 'initial' | 'expired') => Promise<{ url: string; headers: Record<string, string> }>;

export interface ExpectedContent {
  size: number;
  /** sha256 for LFS/Xet files; git blob sha1 ("blob <size>\0" + content) for regular files. */
  algorithm: 'sha256' | 'git-sha1';
  hex: string;
}

export interface TransferFileOptions {
  /** Repo path, used in events only. */
  path: string;
  resolveUrl: UrlResolver;
  expected: ExpectedContent;
  /** Temp file the bytes are written into (never a legacy resumable name, hf-protocol.md §6.4). */
  tempPath: string;
  /** Sidecar file holding the map of finished ranges; survives kill -9. */
  resumeMapPath: string;
  /** Upper bound of parallel range connections for this file. */
  connections: number;
  rateLimiters?: ByteRateLimiter[];
  stallTimeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each chunk's length once it is written to disk. */
  onBytes?: (bytes: number) => void;
  onEvent?: (event: TransferEvent) => void;
}
