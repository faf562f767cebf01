/**
 * Development aid: the floor of hubget's stack. A minimal downloader with none of hubget's logic (no
 * resume map, progress, watchdog or cache layout) fetches a file over N equal ranges and does only what a
 * mode asks, so its CPU per GiB is what any Node downloader built on the same pieces pays (docs/benchmark.md,
 * "The floor of the stack"). Usage, against bench/serve-hub.ts (its LFS file's CDN URL, after the 302):
 *   node --import tsx bench/serve-hub.ts uncapped 1024          # prints the hub URL
 *   curl -sI <hub>/ab/big/resolve/main/model.bin                 # the `location` is the CDN URL
 *   npx esbuild bench/manual/stack-floor.ts --bundle --platform=node --format=esm --outfile=/tmp/stack-floor.mjs \
 *     --banner:js="import { createRequire as cr } from 'module'; const require = cr(import.meta.url);"
 *   /usr/bin/time -f '%U %S %M' node /tmp/stack-floor.mjs <cdn url> <mode> [connections] [client]
 * (bundled, so the CPU and RSS are not the tsx loader's; `node --import tsx` runs it too).
 * mode: discard | write | write-hash (sha256 of the bytes as they arrive, in order only with 1 connection:
 * it measures the cost of hashing, not a valid digest); client: undici (default, dispatch API as
 * range-request.ts uses it) | node-http (node:http) | raw (node:net, no HTTP parsing: discard only).
 * The size is read from the server (Content-Range of a 1-byte request). Output goes to os.tmpdir().
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';

const [url, mode = 'discard', connectionsText = '1', client = 'undici'] = process.argv.slice(2);
if (!url)
  throw new Error(
    'usage: stack-floor.ts <url> <discard|write|write-hash> [connections] [undici|node-http|raw]',
  );
const target = new URL(url);
const connections = Number(connectionsText);
const fd = mode === 'discard' ? -1 : openSync(join(tmpdir(), 'hubget-stack-floor.bin'), 'w');
const hash: Hash | null = mode === 'write-hash' ? createHash('sha256') : null;
const agent = new Agent({ connections: 64 });
const nodeAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** What every client does with one body chunk at `position`. */
function consume(chunk: Buffer, position: number): void {
  hash?.update(chunk);
  if (fd >= 0) writeSync(fd, chunk, 0, chunk.length, position);
}

function undiciRange(start: number, end: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let position = start;
    let contentRange: string | undefined;
    agent.dispatch(
      {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { range: `bytes=${start}-${end - 1}` },
      },
      {
        onRequestStart() {},
        onResponseStart(_control, _status, headers) {
          contentRange = headers['content-range'] as string | undefined;
        },
        onResponseData(_control, chunk) {
          consume(chunk, position);
          position += chunk.length;
        },
        onResponseEnd: () => resolve(contentRange),
        onResponseError: (_control, error) => reject(error),
      },
    );
  });
}

function nodeHttpRange(start: number, end: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      target,
      { agent: nodeAgent, headers: { range: `bytes=${start}-${end - 1}` } },
      (response) => {
        let position = start;
        response.on('data', (chunk: Buffer) => {
          consume(chunk, position);
          position += chunk.length;
        });
        response.on('end', () => resolve(response.headers['content-range']));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** One plain GET on a raw socket; bytes are counted, not parsed (headers included). */
function rawGet(): Promise<undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.write(
      `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`,
    );
    socket.on('data', () => {});
    socket.on('end', () => resolve(undefined));
    socket.on('error', reject);
  });
}

const fetchRange = client === 'node-http' ? nodeHttpRange : undiciRange;
const size = Number((await undiciRange(0, 1))?.split('/')[1]);
if (!(size > 0)) throw new Error('the server did not report the size (Content-Range)');
const startedMs = performance.now();
if (client === 'raw') await rawGet();
else {
  const part = Math.ceil(size / connections);
  await Promise.all(
    Array.from({ length: connections }, (_, index) =>
      fetchRange(index * part, Math.min(size, (index + 1) * part)),
    ),
  );
}
hash?.digest('hex');
if (fd >= 0) closeSync(fd);
const seconds = (performance.now() - startedMs) / 1000;
console.log(`${client} ${mode} ×${connections}: ${(size / 1e6 / seconds).toFixed(0)} MB/s`);
await agent.close();
nodeAgent.destroy();
