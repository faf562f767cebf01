import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '../test/hub/test-hub.js';
import { manyTinyFileSpecs } from './bench-data.js';
const hub = await startTestHub();
await hub.addRepo({ repoId: 'b/listing', files: manyTinyFileSpecs(10_000) });
const dir = await mkdtemp(join(tmpdir(), 'plan-'));
const extra = (process.env.ARGS ?? '').split(' ').filter(Boolean);
await new Promise<void>((resolve) => {
  const child = spawn('/usr/bin/time', ['-f', '%M KB %e s %U+%S', process.execPath, ...extra, '/tmp/hubget-bench-build/src/cli/main.js', 'download', 'b/listing', '--cache-dir', join(dir, 'c'), '--dry-run', '--json'], { env: { ...process.env, HF_ENDPOINT: hub.url, HF_HOME: join(dir, 'h') }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('close', () => resolve());
});
await hub.close();
