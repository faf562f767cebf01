/**
 * Serves a file body (whole or one range) with the byte-level faults: pacing, drop, stall, corruption,
 * ignored Range. Streams from the source in large chunks and respects backpressure, so an uncapped
 * 1 GiB file flows at memory/disk speed and is never held in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultState } from './faults.js';
import { Pacer } from './faults.js';
import { type FileSource, openRange, sourceSize } from './file-source.js';

export type ParsedRange =
  | { kind: 'none' }
  | { kind: 'range'; start: number; endExclusive: number }
  | { kind: 'unsatisfiable' };

/** RFC 9110 single byte range; multi-range and malformed headers are ignored (whole body), like S3. */
export function parseRange(header: string | undefined, size: number): ParsedRange {
  if (!header) return { kind: 'none' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'none' };
  const [, first, last] = match;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), endExclusive: size };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'none' };
  return { kind: 'range', start, endExclusive: end + 1 };
}

export interface BodyContext {
  repoId: string;
  file: string;
  source: FileSource;
  faults: FaultState;
  globalPacer: Pacer | undefined;
  /** Called with each body slice actually written. */
  onBytes: (bytes: number) => void;
  /** Aborted when the hub closes. */
  signal: AbortSignal;
}

/** Send status + headers + (for GET) the body of `ctx.source` according to the request's Range. */
export async function sendFileBody(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BodyContext,
  headers: Record<string, string>,
): Promise<void> {
  const size = sourceSize(ctx.source);
  const mirror = ctx.faults.current.mirrorMode === true;
  let range = parseRange(req.headers.range, size);
  if (range.kind !== 'none' && ctx.faults.take('ignoreRange', ctx.repoId, ctx.file)) range = { kind: 'none' };
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
    res.end();
    return;
  }
  const start = range.kind === 'range' ? range.start : 0;
  const endExclusive = range.kind === 'range' ? range.endExclusive : size;
  const out: Record<string, string> = { ...headers, 'accept-ranges': 'bytes' };
  if (!mirror) out['content-length'] = String(endExclusive - start);
  if (range.kind === 'range') out['content-range'] = `bytes ${start}-${endExclusive - 1}/${size}`;
  res.writeHead(range.kind === 'range' ? 206 : 200, out);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await streamBody(res, ctx, start, endExclusive);
}

async function streamBody(res: ServerResponse, ctx: BodyContext, start: number, endExclusive: number) {
  const { faults, repoId, file } = ctx;
  const perStream = faults.take('perStreamBytesPerSecond', repoId, file);
  const streamPacer = perStream ? new Pacer(perStream.bytesPerSecond) : undefined;
  // Drop, stall and corrupt count against their `times` only when they actually fire in this response
  // (a short range that ends before the trigger point does not use one up).
  let drop = faults.peek('dropAfterBytes', repoId, file);
  let stall = faults.peek('stallAfterBytes', repoId, file);
  const corrupt = faults.peek('corrupt', repoId, file);
  let corruptArmed = false;
  const corruptOffsets = corrupt ? (corrupt.offsets ?? [Math.floor(sourceSize(ctx.source) / 2)]) : [];
  const paced = [streamPacer, ctx.globalPacer].filter((p): p is Pacer => p !== undefined);
  // Slices of ~20 ms worth of budget keep the paced rate smooth.
  const sliceLimit = paced.length
    ? Math.max(1024, Math.floor(Math.min(...paced.map((p) => p.bytesPerSecond)) / 50))
    : Number.POSITIVE_INFINITY;

  const closed = new AbortController();
  const abortOnClose = () => closed.abort();
  res.once('close', abortOnClose);
  ctx.signal.addEventListener('abort', abortOnClose, { once: true });
  const signal = closed.signal;

  const opened = openRange(ctx.source, start, endExclusive);
  const chunks: Iterable<Buffer> | AsyncIterable<Buffer> = Buffer.isBuffer(opened)
    ? [opened]
    : (opened as AsyncIterable<Buffer>);
  let sent = 0; // body bytes written in this response
  let stalled = false;
  try {
    for await (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.length) {
        if (signal.aborted) return;
        if (drop && sent >= drop.bytes) {
          if (faults.consume('dropAfterBytes', drop)) {
            res.socket?.destroy();
            return;
          }
          drop = undefined; // used up by concurrent responses meanwhile
        }
        if (stall && !stalled && sent >= stall.bytes) {
          stalled = true;
          if (!faults.consume('stallAfterBytes', stall)) {
            stall = undefined;
            continue;
          }
          await sleep(stall.stallMs, undefined, { signal }).catch(() => undefined);
          continue;
        }
        let length = Math.min(chunk.length - offset, sliceLimit);
        if (drop) length = Math.min(length, drop.bytes - sent);
        if (stall && !stalled) length = Math.min(length, stall.bytes - sent);
        let slice = chunk.subarray(offset, offset + length);
        const fileOffset = start + sent;
        const hits = corruptOffsets.filter((o) => o >= fileOffset && o < fileOffset + length);
        if (hits.length && corrupt && !corruptArmed) corruptArmed = faults.consume('corrupt', corrupt);
        if (hits.length && corruptArmed) {
          slice = Buffer.from(slice);
          for (const o of hits) slice[o - fileOffset] = (slice[o - fileOffset] ?? 0) ^ 0xff;
        }
        if (paced.length) {
          const waitMs = Math.max(...paced.map((p) => p.reserve(length)));
          if (waitMs > 0) await sleep(waitMs, undefined, { signal }).catch(() => undefined);
          if (signal.aborted) return;
        }
        const flushed = res.write(slice);
        sent += length;
        offset += length;
        ctx.onBytes(length);
        if (!flushed) await drainOrClose(res, signal);
      }
    }
    if (!signal.aborted) res.end();
  } finally {
    res.off('close', abortOnClose);
    ctx.signal.removeEventListener('abort', abortOnClose);
    if (!Buffer.isBuffer(opened)) (opened as Readable).destroy();
  }
}

function drainOrClose(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
