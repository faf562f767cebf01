/**
 * Manual throughput check only (not part of the suite): serves `size` bytes of the pattern with Range support,
 * optionally capping every connection at `bytesPerSecond`. Run as a separate process so the client's RSS is
 * measured alone. argv: size bytesPerSecond(0 = uncapped). Prints the port and the content's sha256.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PATTERN_BYTES, patternBuffer, patternSha256 } from './pattern-content.js';

const size = Number(process.argv[2]);
const bytesPerSecond = Number(process.argv[3] ?? 0);
const pattern = patternBuffer();

async function send(res: ServerResponse, start: number, end: number): Promise<void> {
  const startedAt = Date.now();
  let sent = 0;
  let position = start;
  while (position < end && !res.destroyed) {
    const offset = position % PATTERN_BYTES;
    const length = Math.min(end - position, PATTERN_BYTES - offset, 256 * 1024);
    if (!res.write(pattern.subarray(offset, offset + length))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    position += length;
    sent += length;
    if (bytesPerSecond > 0) {
      const aheadMs = (sent / bytesPerSecond) * 1000 - (Date.now() - startedAt);
      if (aheadMs > 0) await sleep(aheadMs);
    }
  }
  res.end();
}

const server = createServer((req, res) => {
  const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = match ? Number(match[1]) : 0;
  const end = match?.[2] ? Math.min(size, Number(match[2]) + 1) : size;
  res.writeHead(match ? 206 : 200, {
    'content-length': String(end - start),
    ...(match ? { 'content-range': `bytes ${start}-${end - 1}/${size}` } : {}),
    etag: '"pattern"',
  });
  void send(res, start, end);
});
server.listen(0, '127.0.0.1', () => {
  // The hash is computed here so the measured client process never holds the content.
  const hex = patternSha256(pattern, size);
  process.stdout.write(`${(server.address() as AddressInfo).port} ${hex}\n`);
});
