/**
 * Development aid: A/B of two hubget builds (compiled CLIs) against the test hub, interleaved, one case
 * at a time. Usage: node --import tsx bench/ab.ts <a/main.js> <b/main.js> <uncapped|per-connection|line>
 * [runs] [MiB] — prints wall s, MB/s, CPU s and peak RSS per run (bench/measure.ts). Extra CLI arguments
 * for one side: AB_ARGS_A / AB_ARGS_B (space-separated, e.g. AB_ARGS_B='--connections 8'; '--json' replaces the default '--quiet', as `npm run bench` runs hubget); node flags for one side: AB_NODE_A / AB_NODE_B;
 * environment variables for one side: AB_ENV_A / AB_ENV_B (e.g. AB_ENV_B='MALLOC_ARENA_MAX=2'); AB_LATENCY_MS=<ms> adds
 * that much before every response (a CDN's round trip: each new range request costs one); AB_STDERR=1 prints each
 * run's stderr (the last 20 000 characters) after its line, for builds instrumented by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '../test/hub/test-hub.js';
import { ensureBigFile } from './bench-data.js';
import { measure } from './measure.js';
import { PER_CONNECTION_BYTES_PER_SECOND, SHARED_LINE_BYTES_PER_SECOND } from './scenarios.js';
import { toolEnv } from './tool-env.js';

const [a, b, mode = 'uncapped', runsText = '3', mibText = '1024'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: bench/ab.ts <a main.js> <b main.js> [case] [runs] [MiB]');
const bytes = Number(mibText) * 1024 * 1024;
const hub = await startTestHub();
try {
  const file = await ensureBigFile(bytes);
  await hub.addRepo({ repoId: 'ab/big', files: [{ path: 'model.bin', sourceFile: file, lfs: true }] });
  for (let run = 0; run < Number(runsText); run++) {
    for (const [name, cli, extra, nodeFlags] of [
      ['A', a, process.env.AB_ARGS_A, process.env.AB_NODE_A],
      ['B', b, process.env.AB_ARGS_B, process.env.AB_NODE_B],
    ] as const) {
      const extraArgs = words(extra);
      hub.resetFaults();
      if (mode === 'per-connection')
        hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: PER_CONNECTION_BYTES_PER_SECOND } });
      if (mode === 'line') hub.setFaults({ globalBytesPerSecond: SHARED_LINE_BYTES_PER_SECOND });
      if (process.env.AB_LATENCY_MS) hub.setFaults({ latency: { ms: Number(process.env.AB_LATENCY_MS) } });
      const workDir = await mkdtemp(join(tmpdir(), 'hubget-ab-'));
      const result = await measure(
        process.execPath,
        [
          ...words(nodeFlags),
          cli,
          'download',
          'ab/big',
          'model.bin',
          '--cache-dir',
          join(workDir, 'c'),
          ...(extraArgs.includes('--json') ? [] : ['--quiet']),
          ...extraArgs,
        ],
        {
          env: toolEnv(
            hub.url,
            workDir,
            environment(name === 'A' ? process.env.AB_ENV_A : process.env.AB_ENV_B),
          ),
        },
      );
      await rm(workDir, { recursive: true, force: true });
      console.log(
        `${name} exit ${result.exitCode} wall ${result.wallSeconds.toFixed(2)} s ${(bytes / 1e6 / result.wallSeconds).toFixed(0)} MB/s ` +
          `cpu ${result.cpuSeconds.toFixed(2)} s rss ${(result.peakRssBytes / 1e6).toFixed(0)} MB`,
      );
      if (process.env.AB_STDERR) process.stdout.write(result.stderr);
    }
  }
} finally {
  await hub.close();
}

/** `NAME=value NAME2=value2` → an environment object. */
function environment(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    words(text).map((word) => [word.split('=')[0], word.slice(word.indexOf('=') + 1)]),
  );
}

function words(text: string | undefined): string[] {
  return text?.split(' ').filter(Boolean) ?? [];
}
