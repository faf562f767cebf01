/**
 * Test-only HTTP server on 127.0.0.1:0 that serves one Buffer with Range support and misbehaves on
 * purpose when a script says so (after undici's own tests: destroy mid-body, 500 then 206, stall …).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { type: 'status'; status: number; headers?: Record<string, string> }
  /** 206 headers, `bytes` body bytes, then the socket is destroyed. */
  | { type: 'destroy-after'; bytes: number }
  /** 206 headers, `bytes` body bytes, then silence (socket kept open). */
  | { type: 'stall-after'; bytes: number }
  /** Ignore Range: 200 with the whole content. */
  | { type: 'ignore-range' }
  | { type: 'content-range'; value: string }
  /** The body at `bytesPerSecond`, its first bytes `firstByteAfterMs` after the headers (a slow start). */
  | { type: 'throttle'; bytesPerSecond: number; firstByteAfterMs?: number }
  /** A line capped as a whole: every body in flight takes its 64 KiB slices from one `lineBytesPerSecond`. */
  | { type: 'shared-line'; lineBytesPerSecond: number }
  /** Serve the range with every byte XOR 0xff. */
  | { type: 'corrupt' };

export interface RangeRequestInfo {
  /** 0-based request counter. */
  index: number;
  path: string;
  /** Requested start and inclusive end, or null without a Range header. */
  range: { start: number; end: number } | null;
  headers: IncomingMessage['headers'];
}

export interface RangeServerOptions {
  content: Buffer;
  etag?: string | ((info: RangeRequestInfo) => string | undefined);
  fault?: (info: RangeRequestInfo) => Fault | undefined;
  /** The clock `throttle` and `shared-line` pace their bodies by, in ms (default performance.now; test/support/transfer/running-clock.ts). */
  now?: () => number;
}

export interface RangeServer {
  url: string;
  /** Body bytes written to sockets (all requests). */
  readonly bytesServed: number;
  readonly requests: RangeRequestInfo[];
  /** Requests being answered right now, and the most seen at once. */
  readonly concurrent: number;
  readonly maxConcurrent: number;
  close(): Promise<void>;
}

export async function startRangeServer(options: RangeServerOptions): Promise<RangeServer> {
  const { content } = options;
  const clock = options.now ?? (() => performance.now());
  const requests: RangeRequestInfo[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let bytesServed = 0;
  let concurrent = 0;
  let maxConcurrent = 0;
  /** When the shared line is free for the next slice (at most 100 ms of unused line is banked). */
  let lineFreeAtMs = 0;
  const reserveLine = (bytes: number, bytesPerSecond: number): number => {
    const now = clock();
    const start = Math.max(lineFreeAtMs, now - 100);
    lineFreeAtMs = start + (bytes / bytesPerSecond) * 1000;
    return Math.max(0, start - now);
  };

  const write = (res: ServerResponse, chunk: Buffer) => {
    bytesServed += chunk.length;
    return res.write(chunk);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    const rangeHeader = req.headers.range;
    const match = rangeHeader ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader) : null;
    const range = match
      ? {
          start: Number(match[1]),
          end: match[2] ? Math.min(Number(match[2]), content.length - 1) : content.length - 1,
        }
      : null;
    const info: RangeRequestInfo = {
      index: requests.length,
      path: req.url ?? '/',
      range,
      headers: req.headers,
    };
    requests.push(info);
    const fault = options.fault?.(info);
    const etag = typeof options.etag === 'function' ? options.etag(info) : options.etag;
    const baseHeaders: Record<string, string> = etag ? { etag } : {};

    if (fault?.type === 'status') {
      res.writeHead(fault.status, { ...baseHeaders, ...fault.headers, 'content-length': '0' });
      res.end();
      return;
    }
    if (!range || fault?.type === 'ignore-range') {
      res.writeHead(200, { ...baseHeaders, 'content-length': String(content.length) });
      write(res, content);
      res.end();
      return;
    }
    if (range.start >= content.length || range.end < range.start) {
      res.writeHead(416, {
        ...baseHeaders,
        'content-range': `bytes */${content.length}`,
        'content-length': '0',
      });
      res.end();
      return;
    }
    let body = content.subarray(range.start, range.end + 1);
    const headers = {
      ...baseHeaders,
      'content-range':
        fault?.type === 'content-range' ? fault.value : `bytes ${range.start}-${range.end}/${content.length}`,
      'content-length': String(body.length),
    };
    res.writeHead(206, headers);
    if (fault?.type === 'corrupt') body = Buffer.from(body.map((byte) => byte ^ 0xff));
    if (fault?.type === 'destroy-after' || fault?.type === 'stall-after') {
      write(res, body.subarray(0, fault.bytes));
      if (fault.type === 'destroy-after') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          req.socket.destroy();
        }, 20);
        timers.add(timer);
      }
      return;
    }
    if (fault?.type === 'shared-line') {
      let offset = 0;
      const next = () => {
        if (res.destroyed) return;
        if (offset >= body.length) {
          res.end();
          return;
        }
        const slice = body.subarray(offset, offset + 64 * 1024);
        offset += slice.length;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            if (!res.destroyed) write(res, slice);
            next();
          },
          reserveLine(slice.length, fault.lineBytesPerSecond),
        );
        timers.add(timer);
      };
      next();
      return;
    }
    if (fault?.type === 'throttle') {
      // Paced by the clock, not by counting timers: a timer that fires late (a busy machine: this server
      // shares the test's event loop) sends every slice due by then, as a remote server would have kept sending.
      // Counting timers, each late one took its delay off the pace. A clock that stops while this process does
      // not run (running-clock.ts) sends nothing for that time: the client could not have read it either.
      const sliceBytes = Math.max(1, Math.floor(fault.bytesPerSecond / 20));
      const firstByteAtMs = clock() + (fault.firstByteAfterMs ?? 0);
      let offset = 0;
      const tick = () => {
        if (res.destroyed) return;
        const elapsedMs = clock() - firstByteAtMs;
        const due = Math.min(body.length, sliceBytes + Math.floor((elapsedMs * fault.bytesPerSecond) / 1000));
        if (due > offset) {
          write(res, body.subarray(offset, due));
          offset = due;
        }
        if (offset >= body.length) {
          res.end();
          return;
        }
        // The next whole slice is due once the clock has paid for every byte sent so far.
        const nextAtMs = firstByteAtMs + (offset * 1000) / fault.bytesPerSecond;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            tick();
          },
          Math.max(1, nextAtMs - clock()),
        );
        timers.add(timer);
      };
      if (fault.firstByteAfterMs === undefined) tick();
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          tick();
        }, fault.firstByteAfterMs);
        timers.add(timer);
      }
      return;
    }
    write(res, body);
    res.end();
  };

  const server: Server = createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get bytesServed() {
      return bytesServed;
    },
    requests,
    get concurrent() {
      return concurrent;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
