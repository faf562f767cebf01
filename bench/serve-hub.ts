/**
 * Development aid: the benchmark's test hub on its own, for runs by hand (`/usr/bin/time`, `--cpu-prof`,
 * `--trace-gc`, a memory sampler) outside bench/run.ts. Usage:
 *   node --import tsx bench/serve-hub.ts [uncapped|per-connection|line] [MiB]
 * prints the hub's URL and serves `ab/big` (model.bin, an LFS file) until killed; then e.g.
 *   HF_ENDPOINT=<url> HF_HOME=/tmp/h node dist/src/cli/main.js download ab/big model.bin --cache-dir /tmp/c
 */
import { startTestHub } from '../test/hub/test-hub.js';
import { ensureBigFile } from './bench-data.js';
import { PER_CONNECTION_BYTES_PER_SECOND, SHARED_LINE_BYTES_PER_SECOND } from './scenarios.js';

const [mode = 'uncapped', mibText = '1024'] = process.argv.slice(2);
const hub = await startTestHub();
const file = await ensureBigFile(Number(mibText) * 1024 * 1024);
await hub.addRepo({ repoId: 'ab/big', files: [{ path: 'model.bin', sourceFile: file, lfs: true }] });
if (mode === 'per-connection') {
  hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: PER_CONNECTION_BYTES_PER_SECOND } });
}
if (mode === 'line') hub.setFaults({ globalBytesPerSecond: SHARED_LINE_BYTES_PER_SECOND });
console.log(hub.url);
process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
