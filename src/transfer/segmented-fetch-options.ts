/** What one file's segmented fetch is given (segmented-fetch.ts): the file, its connections and its tuning. */

import type { Dispatcher } from 'undici';
import type { RetryPolicy } from '../hub/retry-policy.js';
import type { TransferEvent } from '../progress/events.js';
import type { RangeSet } from './range-set.js';
import type { ResumeMapWriter } from './resume-map.js';
import type { StallTimeout } from './stall-watchdog.js';
import type { TempHandle } from './temp-handle.js';
import type { ByteRateLimiter, ConnectionBudget, RequestGate, UrlResolver } from './types.js';

export interface SegmentedFetchTuning {
  minSegmentBytes: number;
  maxSegmentBytes: number;
  retry: RetryPolicy;
  /** Read by the stall watchdog at every check (a function follows the live setting). */
  stallTimeoutMs: StallTimeout;
  slowRatio: number;
  slowForMs: number;
  slowMinRemainingBytes: number;
  /** Bytes of a typical connection the slow rule's window holds (stall-watchdog.ts). */
  slowJudgedBytes: number;
  /** How often a file looks for free budget slots and re-evaluates its adaptive connection target. */
  growIntervalMs: number;
  /** Connections a file starts with before the adaptive controller grows it (capped by `connections`). */
  initialConnections: number;
}

export interface SegmentedFetchOptions {
  path: string;
  size: number;
  handle: TempHandle;
  done: RangeSet;
  mapWriter: ResumeMapWriter;
  resolveUrl: UrlResolver;
  /** Hard cap of connections for this file (`--connections`, or the adaptive ceiling). */
  connections: number;
  connectionBudget: ConnectionBudget | undefined;
  dispatcher: Dispatcher;
  rateLimiters: ByteRateLimiter[];
  signal: AbortSignal | undefined;
  onBytes: ((bytes: number) => void) | undefined;
  /** A connection opened or closed (TransferFileOptions.onConnectionsChanged). */
  onConnectionsChanged?: (() => void) | undefined;
  /**
   * Called after each batch [start, end) was written and recorded in `done` (the prefix hasher follows it),
   * with its bytes (valid only during the call).
   */
  onWritten?: ((start: number, end: number, bytes: Buffer) => void) | undefined;
  /** Asked before each range request goes out (RequestGate); default none. */
  requestGate?: RequestGate | undefined;
  emit: (event: TransferEvent) => void;
  tuning: SegmentedFetchTuning;
  /** Clock of the adaptive controller (tests). */
  now?: () => number;
  /**
   * How long the event loop has been busy in all, in the unit of `now` (the adaptive controller's saturation
   * rule). Default: the main thread's `eventLoopUtilization().active` (ms), or none when `now` is given;
   * tests pass their own.
   */
  loopBusyMs?: () => number;
}
