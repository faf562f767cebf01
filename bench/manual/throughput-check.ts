/**
 * Manual throughput and memory check (run by hand, not in the suite):
 *   node --import tsx bench/manual/throughput-check.ts [sizeMiB=1024] [connections=16] [capMBps=0] [--curl] [--aria2]
 * Starts pattern-server.ts in a child process, downloads with transferFile into os.tmpdir(), and prints MB/s
 * (fetch phase and with the hash check), peak RSS of this process, and optionally curl's single-stream speed.
 * For RSS without the tsx loader, bundle first:
 *   npx esbuild bench/manual/{throughput-check,pattern-server}.ts --bundle --platform=node --format=esm \
 *     --outdir=/tmp/hubget-bench --out-extension:.js=.mjs \
 *     --banner:js="import { createRequire as cr } from 'module'; const require = cr(import.meta.url);"
 *   node /tmp/hubget-bench/throughput-check.mjs 1024 16
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transferFile } from '../../src/transfer/transfer-file.js';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const sizeMiB = Number(positional[0] ?? 1024);
const connections = Number(positional[1] ?? 16);
const capMBps = Number(positional[2] ?? 0);
const withCurl = process.argv.includes('--curl');
const withAria2 = process.argv.includes('--aria2');
const size = sizeMiB * 1024 * 1024;
const MB = 1_000_000;

const rssAtStart = process.memoryUsage().rss;
// Also runs bundled (esbuild → .mjs) to measure RSS without the tsx loader's own ~40 MiB.
const bundled = import.meta.url.endsWith('.mjs');
const serverScript = fileURLToPath(new URL(`./pattern-server.${bundled ? 'mjs' : 'ts'}`, import.meta.url));
const loader = bundled ? [] : ['--import', 'tsx'];
const server = spawn(process.execPath, [...loader, serverScript, String(size), String(capMBps * MB)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [port, hex] = await new Promise<[number, string]>((resolve) => {
  server.stdout.setEncoding('utf8');
  server.stdout.once('data', (text: string) => {
    const [portText = '', hexText = ''] = text.trim().split(' ');
    resolve([Number(portText), hexText]);
  });
});
const url = `http://127.0.0.1:${port}/file`;
const dir = await mkdtemp(join(tmpdir(), 'hubget-throughput-'));
let peakRssBytes = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}, 50);
try {
  if (withCurl) {
    const speed = execFileSync('curl', ['-s', '-o', join(dir, 'curl.bin'), '-w', '%{speed_download}', url], {
      encoding: 'utf8',
    });
    console.log(`curl single stream: ${(Number(speed) / MB).toFixed(0)} MB/s`);
    await rm(join(dir, 'curl.bin'));
  }
  if (withAria2) {
    const aria2StartedAt = performance.now();
    const split = String(Math.min(16, connections));
    execFileSync('aria2c', [
      '-q',
      '-x',
      split,
      '-s',
      split,
      '-k',
      '1M',
      '--file-allocation=none',
      '-d',
      dir,
      '-o',
      'aria2.bin',
      url,
    ]);
    const seconds = (performance.now() - aria2StartedAt) / 1000;
    console.log(`aria2c -x${split}: ${(size / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`);
    await rm(join(dir, 'aria2.bin'));
  }
  const rssBefore = process.memoryUsage().rss;
  const startedAt = performance.now();
  let fetchedAt = 0;
  let written = 0;
  await transferFile({
    path: 'pattern.bin',
    resolveUrl: async () => ({ url, headers: {} }),
    expected: { size, algorithm: 'sha256', hex },
    tempPath: join(dir, 'pattern.bin.incomplete'),
    resumeMapPath: join(dir, 'pattern.bin.ranges.json'),
    connections,
    onBytes: (bytes) => {
      written += bytes;
      if (written === size) fetchedAt = performance.now();
    },
  });
  const doneAt = performance.now();
  const fetchSeconds = (fetchedAt - startedAt) / 1000;
  console.log(
    `hubget ${sizeMiB} MiB, ${connections} connections${capMBps ? `, each capped at ${capMBps} MB/s` : ''}: ` +
      `fetch ${(size / MB / fetchSeconds).toFixed(0)} MB/s (${fetchSeconds.toFixed(2)} s), ` +
      `with sha256 check ${((doneAt - startedAt) / 1000).toFixed(2)} s; ` +
      `RSS at start ${(rssAtStart / 2 ** 20).toFixed(0)} MiB, before transfer ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
} finally {
  clearInterval(sampler);
  server.kill();
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
