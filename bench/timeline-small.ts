/**
 * Development aid for the small-files scenario: runs the bench build of hubget against the test hub (300
 * small files, 20 ms latency) a few times and prints where the wall time goes, from the hub's request log:
 * process start → first request, first → last request, last request → exit, and request counts.
 * Usage: node --import tsx bench/timeline-small.ts [runs] (after `npm run bench` built the CLI once);
 * TIMELINE_FILES=3000 for the scale case; TIMELINE_CLI=<bundle> to run another build, and TIMELINE_CLI_B=<bundle>
 * to alternate two builds run by run (an A/B in one process, lines marked A and B); TIMELINE_WORKERS=<n> for
 * another `--max-workers` than the benchmark's 16; TIMELINE_JSON=1 for `--json` (what the benchmark runs) instead of
 * `--quiet`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub } from '../test/hub/test-hub.js';
import { smallFileSpecs } from './bench-data.js';
import { toolEnv } from './tool-env.js';
import { BENCH_BUILT_CLI } from './tools.js';

const runs = Number(process.argv[2] ?? 3);
const hubStart = performance.now();
const hub = await startTestHub();
const workDirs: string[] = [];
try {
  await hub.addRepo({
    repoId: 'bench/small',
    files: smallFileSpecs(Number(process.env.TIMELINE_FILES ?? 300)),
  });
  hub.setFaults({ latency: { ms: 20 } });
  const builds = [process.env.TIMELINE_CLI ?? BENCH_BUILT_CLI, process.env.TIMELINE_CLI_B].filter(
    (build): build is string => build !== undefined,
  );
  for (let run = 0; run < runs * builds.length; run++) {
    const cli = builds[run % builds.length]!;
    const workDir = await mkdtemp(join(tmpdir(), 'hubget-timeline-'));
    hub.clearRequests();
    const startedMs = performance.now();
    const hubCpuBefore = process.cpuUsage();
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn(
        process.env.TIMELINE_WRAPPER ?? process.execPath,
        [
          ...(process.env.TIMELINE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
          cli,
          'download',
          'bench/small',
          '--cache-dir',
          join(workDir, 'c'),
          process.env.TIMELINE_JSON ? '--json' : '--quiet',
        ].concat(['--max-workers', process.env.TIMELINE_WORKERS ?? '16', '--connections', '8']),
        { env: toolEnv(hub.url, workDir), stdio: 'ignore' },
      );
      child.on('exit', (code) => resolve(code ?? 1));
    });
    const wallMs = performance.now() - startedMs;
    const hubCpu = process.cpuUsage(hubCpuBefore);
    const log = hub.requests;
    const first = Math.min(...log.map((entry) => entry.t));
    const last = Math.max(...log.map((entry) => entry.t));
    const kinds = new Map<string, number>();
    for (const entry of log) {
      const kind = `${entry.host} ${entry.method}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const offset = startedMs - hubStart;
    console.log(
      `${builds.length > 1 ? `${'AB'[run % 2]} ` : ''}exit ${exitCode} wall ${wallMs.toFixed(0)} ms: start→first request ${(first - offset).toFixed(0)} ms, ` +
        `first→last ${(last - first).toFixed(0)} ms, last→exit ${(wallMs - (last - offset)).toFixed(0)} ms; ` +
        `hub CPU ${((hubCpu.user + hubCpu.system) / 1000).toFixed(0)} ms; ` +
        [...kinds].map(([kind, count]) => `${kind} ×${count}`).join(', '),
    );
    if (process.env.TIMELINE_DUMP) {
      for (const entry of log)
        console.log(entry.t.toFixed(0), entry.host, entry.method, entry.status, entry.path);
    }
    workDirs.push(workDir);
  }
} finally {
  // Deleted at the end, not after each run: freshly freed inodes make the next run's file creations slower on a
  // journal-less ext4 (bench/run.ts, runOne).
  for (const workDir of workDirs) await rm(workDir, { recursive: true, force: true });
  await hub.close();
}
