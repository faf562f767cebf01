/**
 * Manual check: how closely the bytes on the wire follow a download's rate limit (docs/transfer-rate-limits.md,
 * "Connections under a rate limit"). Runs the built CLI (`npm run build`) against a test hub with two 60 MiB
 * files:
 *   node --import tsx bench/manual/limit-burst.ts [limit bytes/s, 0 = none] [seconds] [extra CLI args...]
 * FAULTS='{"globalBytesPerSecond":1e7}' sets hub faults. Prints every 250 ms: the bytes that left the hub
 * (hub.bytesDelivered(): Linux), what limit × time allows by then, the excess, the hub's count with its own
 * send buffers (bytesServed) and the CDN requests that sent a body.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '../../test/hub/test-hub.js';

const [limitText = '1000000', secondsText = '4', ...extra] = process.argv.slice(2);
const limit = Number(limitText);
const seconds = Number(secondsText);
const hub = await startTestHub(process.env.FAULTS ? { faults: JSON.parse(process.env.FAULTS) } : {});
await hub.addRepo({
  repoId: 'org/big',
  files: [
    { path: 'model-00001.bin', size: 60 * 1024 * 1024 },
    { path: 'model-00002.bin', size: 60 * 1024 * 1024 },
  ],
});
const workDir = await mkdtemp(join(tmpdir(), 'hubget-limit-'));
const args = ['bin/hubget', 'download', 'org/big', '--cache-dir', join(workDir, 'c'), '--quiet'];
if (limit > 0) args.push('--limit-rate', String(limit));
const startedAt = performance.now();
const child = spawn(process.execPath, [...args, ...extra], {
  env: { ...process.env, HF_ENDPOINT: hub.url, HF_HOME: join(workDir, 'h') },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
let running = true;
void exited.then(() => {
  running = false;
});
const MB = 1e6;
while (running && performance.now() - startedAt < seconds * 1000) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  const delivered = hub.bytesDelivered() ?? Number.NaN;
  const elapsed = (performance.now() - startedAt) / 1000;
  const allowed = limit * elapsed;
  const bodies = hub.requests.filter((entry) => entry.host === 'cdn' && entry.bytesSent > 0).length;
  console.log(
    `t=${elapsed.toFixed(2)} s delivered ${(delivered / MB).toFixed(2)} MB` +
      (limit > 0
        ? `, limit × t ${(allowed / MB).toFixed(2)} MB, excess ${((delivered - allowed) / MB).toFixed(2)} MB`
        : '') +
      `, hub wrote ${(hub.bytesServed() / MB).toFixed(2)} MB, ${bodies} bodies`,
  );
}
child.kill();
await exited;
await hub.close();
await rm(workDir, { recursive: true, force: true });
