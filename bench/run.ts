/**
 * `npm run bench`: hubget vs curl vs aria2c against the test hub on loopback, in one run (cases in
 * bench/scenarios.ts, docs/benchmark.md). Every output's sha256 is checked.
 * Writes bench/results/latest.json and latest.md. Options: --quick (256 MiB, no scale cases), --only <ids>,
 * --tools hubget,aria2c,curl, --repeat N, --cpu-prof (hubget CPU profiles to bench/results/profiles),
 * --memory (512 MiB vs 4 GiB peak RSS, hubget only), --no-build (measure dist/ or tsx as they are instead of
 * compiling the current sources into os.tmpdir()/hubget-bench-build).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestHub } from '../test/hub/test-hub.js';
import { ensureBigFile, manyTinyFileSpecs, sha256OfFile, smallFileSpecs } from './bench-data.js';
import { measure } from './measure.js';
import { markdownTable, type ResultRow, targetChecks } from './report.js';
import { type BenchRepos, benchScenarios, MEMORY_SCENARIO_IDS, type Scenario } from './scenarios.js';
import { toolEnv } from './tool-env.js';
import {
  buildCommand,
  buildHubget,
  ensureAria2c,
  hubgetEvents,
  hubgetLauncher,
  type ToolName,
  toolVersion,
} from './tools.js';
import { warmPages } from './warm-pages.js';

const MIB = 1024 * 1024;
const RESULTS_DIR = join(import.meta.dirname, 'results');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    tools: { type: 'string', default: 'hubget,aria2c,curl' },
    'cpu-prof': { type: 'boolean', default: false },
    /** Runs per tool and scenario (interleaved); the table shows the median by wall time. */
    repeat: { type: 'string', default: '1' },
    /** Measure dist/ (or tsx) as it is instead of compiling the current sources first. */
    'no-build': { type: 'boolean', default: false },
    /** Peak RSS of a 512 MiB vs a 4 GiB file (hubget only; generates a 4 GiB file once). */
    memory: { type: 'boolean', default: false },
  },
});

const loadAverageBefore = loadavg()[0] ?? 0;
const bigBytes = flags.quick ? 256 * MIB : 1024 * MIB;
const repeat = Math.max(1, Number.parseInt(flags.repeat, 10) || 1);
const tools = flags.tools.split(',').map((name) => name.trim()) as ToolName[];
const onlyScenarios = flags.only?.split(',').map((name) => name.trim());

if (tools.includes('aria2c')) ensureAria2c();
if (tools.includes('hubget') && !flags['no-build']) {
  console.log('building hubget (tsc -p tsconfig.build.json and the CLI bundle, into a temp dir)…');
  await buildHubget();
}
console.log(`hubget runs as: ${hubgetLauncher().description}`);
console.log(`preparing ${bigBytes / MIB} MiB file (cached under ${tmpdir()})…`);
const bigFile = await ensureBigFile(bigBytes);
const hub = await startTestHub();

try {
  const lfs = (repoId: string, sourceFile: string) =>
    hub.addRepo({ repoId, files: [{ path: 'model.bin', sourceFile, lfs: true }] });
  const lineFile = await ensureBigFile((flags.quick ? 256 : 512) * MIB);
  const partBytes = (flags.quick ? 64 : 128) * MIB;
  const lineParts = await Promise.all(
    [1, 2, 3, 4].map(async (part) => ({
      path: `model-0000${part}-of-00004.bin`,
      sourceFile: await ensureBigFile(partBytes, `line-part-${part}-${partBytes}.bin`),
      lfs: true,
    })),
  );
  const repos: BenchRepos = {
    big: await lfs('bench/big', bigFile),
    line: await lfs('bench/line', lineFile),
    lineFiles: await hub.addRepo({ repoId: 'bench/line-files', files: lineParts }),
    small: await hub.addRepo({ repoId: 'bench/small', files: smallFileSpecs() }),
    many: undefined,
    listing: undefined,
    memory: flags.memory
      ? {
          small: await lfs('bench/mem-512m', await ensureBigFile(512 * MIB)),
          large: await lfs('bench/mem-4g', await ensureBigFile(4096 * MIB)),
        }
      : undefined,
  };
  // A mistyped --only id ran nothing of it, silently (a dated command with a renamed case measured only the
  // others): every id must name a case.
  const scaleIds = ['files-3000', 'plan-10000'];
  const known = new Set([
    ...benchScenarios(repos).map((scenario) => scenario.id),
    ...scaleIds,
    ...MEMORY_SCENARIO_IDS,
  ]);
  const unknown = onlyScenarios?.filter((id) => !known.has(id)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`--only: no case named ${unknown.join(', ')} (cases: ${[...known].join(', ')})`);
  }
  const needsMemory =
    onlyScenarios?.filter((id) => MEMORY_SCENARIO_IDS.some((memoryId) => memoryId === id)) ?? [];
  if (needsMemory.length > 0 && !flags.memory)
    throw new Error(`--only ${needsMemory.join(', ')} needs --memory`);
  // Asked for (--only) and run by at least one of the tools asked for (--tools).
  const wanted = (scenario: Scenario) =>
    (!onlyScenarios || onlyScenarios.includes(scenario.id)) &&
    scenario.tools.some((tool) => tools.includes(tool));
  const rows: ResultRow[] = [];
  const ran = new Set<string>();
  for (const scenario of benchScenarios(repos).filter(wanted)) {
    ran.add(scenario.id);
    await runScenario(scenario, rows);
  }
  // The scale cases' repos (13 000 files) join the hub only now, after every large-file case. Held by the
  // bench process (the hub's) from the start, they made its garbage collector run ~40 full collections per
  // GiB served (`--trace-gc`; 2.3 s of its CPU profile over four uncapped GiB, 0.3 s without them), on the
  // cores the tools share: hubget's uncapped GiB took 1.84–2.38 s with them, 1.71–1.94 s without (docs/benchmark.md).
  // The scale cases are hubget's alone (bench/scenarios.ts).
  const scaleWanted = scaleIds.some((id) => !onlyScenarios || onlyScenarios.includes(id));
  if (!flags.quick && scaleWanted && tools.includes('hubget')) {
    const withScale: BenchRepos = {
      ...repos,
      many: await hub.addRepo({ repoId: 'bench/many', files: smallFileSpecs(3000) }),
      listing: await hub.addRepo({ repoId: 'bench/listing', files: manyTinyFileSpecs(10_000) }),
    };
    const order = benchScenarios(withScale).map((scenario) => scenario.id);
    for (const scenario of benchScenarios(withScale).filter(wanted)) {
      if (!ran.has(scenario.id)) await runScenario(scenario, rows);
    }
    rows.sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  }

  const checks = targetChecks(rows);
  const table = markdownTable(rows, checks);
  console.log(`\n${table}\n`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const environment = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    /** 1-minute load average before the run: other work on the machine skews every number. */
    loadAverageBefore: loadAverageBefore.toFixed(2),
    node: process.version,
    hubget: hubgetLauncher().description,
    curl: toolVersion('curl'),
    aria2c: toolVersion('aria2c'),
    bigFileBytes: bigBytes,
    repeat,
  };
  await writeFile(
    join(RESULTS_DIR, 'latest.json'),
    `${JSON.stringify({ environment, rows, checks }, null, 2)}\n`,
  );
  await writeFile(
    join(RESULTS_DIR, 'latest.md'),
    `Measured ${environment.date} on ${environment.cpus} × ${environment.cpuModel} (load average ${environment.loadAverageBefore}), Node ${environment.node}; ` +
      `hubget: ${environment.hubget}; ${environment.curl}; ${environment.aria2c}; ` +
      `${repeat === 1 ? 'one run per tool' : `median of ${repeat} interleaved runs per tool`}.\n\n${table}\n`,
  );
  console.log(`wrote ${join(RESULTS_DIR, 'latest.json')} and latest.md`);
} finally {
  await hub.close();
}

/** Runs every tool of `scenario` `repeat` times, interleaved, and adds each tool's median run to `rows`. */
async function runScenario(scenario: Scenario, rows: ResultRow[]): Promise<void> {
  console.log(`\n== ${scenario.id}: ${scenario.title}`);
  const scenarioTools = tools.filter((tool) => scenario.tools.includes(tool));
  const runs = new Map<ToolName, ResultRow[]>(scenarioTools.map((tool) => [tool, []]));
  const keptWorkDirs: string[] = [];
  // Its first run writes into warm pages, as every later one does (warm-pages.ts).
  if (!scenario.dryRun) warmPages(tmpdir(), scenario.bytes);
  // Interleaved (hubget, aria2c, curl, hubget, …) so a burst of load on the machine hits every tool.
  for (let round = 0; round < repeat; round++) {
    for (const tool of scenarioTools) {
      const row = await runOne(tool, scenario, keptWorkDirs);
      runs.get(tool)?.push(row);
      console.log(
        `${tool.padEnd(7)} ${row.wallSeconds.toFixed(2).padStart(7)} s ${row.megabytesPerSecond.toFixed(1).padStart(8)} MB/s ` +
          `cpu ${row.cpuSeconds.toFixed(2).padStart(6)} s  rss ${row.peakRssMegabytes.toFixed(0).padStart(4)} MB  ` +
          `${row.connections !== undefined ? `conns ≤ ${row.connections}  ` : ''}` +
          `${row.exitCode !== 0 ? `FAILED: ${row.error}` : row.verified ? 'sha256 ok' : 'SHA256 MISMATCH'}`,
      );
    }
  }
  for (const workDir of keptWorkDirs) await rm(workDir, { recursive: true, force: true });
  for (const tool of scenarioTools) rows.push(medianRow(runs.get(tool) ?? []));
}

/** The run with the median wall time; a failed or unverified run counts as slowest. */
function medianRow(runs: ResultRow[]): ResultRow {
  const ordered = [...runs].sort(
    (a, b) => Number(!a.verified) - Number(!b.verified) || a.wallSeconds - b.wallSeconds,
  );
  const median = ordered[Math.floor((ordered.length - 1) / 2)];
  if (!median) throw new Error('no runs');
  return { ...median, runs: runs.length };
}

/**
 * One tool's run of one case. Its output is deleted afterwards, except a many-file case's: those outputs go
 * into `keptWorkDirs`, deleted once every round of the case ran. On this machine's ext4 (no journal) the
 * kernel skips inodes freed in the last 30 s one by one when it allocates new ones (`recently_deleted`, 25 %
 * of hubget's samples in `perf record` of the 300-file case), so deleting a tool's hundreds of files taxed
 * every file the next tool created, more the more rounds ran (docs/benchmark.md, "Measuring on this machine").
 */
async function runOne(tool: ToolName, scenario: Scenario, keptWorkDirs: string[]): Promise<ResultRow> {
  const workDir = await mkdtemp(join(tmpdir(), `hubget-bench-${tool}-`));
  const keepOutput = scenario.parallelFiles > 1;
  try {
    hub.resetFaults();
    hub.setFaults(scenario.faults);
    hub.clearRequests();
    const command = await buildCommand(tool, scenario.job, {
      endpoint: hub.url,
      workDir,
      parallelFiles: scenario.parallelFiles,
      connectionsPerFile: scenario.connectionsPerFile,
      ...(scenario.hubgetConnections !== undefined && { hubgetConnections: scenario.hubgetConnections }),
      ...(scenario.hubgetMaxWorkers !== undefined && { hubgetMaxWorkers: scenario.hubgetMaxWorkers }),
      ...(scenario.dryRun && { dryRun: true }),
    });
    let args = command.args;
    if (tool === 'hubget' && flags['cpu-prof']) {
      args = ['--cpu-prof', '--cpu-prof-dir', join(RESULTS_DIR, 'profiles', scenario.id), ...args];
    }
    const result = await measure(command.command, args, { env: childEnv(workDir) });
    const verified =
      result.exitCode === 0 &&
      (scenario.dryRun === true || (await verify(command.locate(result.stdout), scenario.expected)));
    // hubget's progress events say how many connections it had open.
    const connections =
      tool === 'hubget' && !scenario.dryRun
        ? Math.max(0, ...hubgetEvents(result.stdout).map((event) => event.connections ?? 0))
        : undefined;
    return {
      scenario: scenario.id,
      tool,
      wallSeconds: result.wallSeconds,
      megabytesPerSecond: scenario.bytes / 1e6 / result.wallSeconds,
      bytes: scenario.bytes,
      cpuSeconds: result.cpuSeconds,
      ...(connections !== undefined && { connections }),
      peakRssMegabytes: result.peakRssBytes / 1e6,
      verified,
      exitCode: result.exitCode,
      ...(result.exitCode !== 0 && { error: result.stderr.trim().split('\n').slice(-3).join(' / ') }),
    };
  } finally {
    if (keepOutput) keptWorkDirs.push(workDir);
    else await rm(workDir, { recursive: true, force: true });
  }
}

function childEnv(workDir: string): NodeJS.ProcessEnv {
  return toolEnv(hub.url, workDir);
}

async function verify(located: Map<string, string>, expected: Map<string, string>): Promise<boolean> {
  if (located.size !== expected.size) return false;
  for (const [path, filePath] of located) {
    const digest = await sha256OfFile(filePath).catch(() => undefined);
    if (digest !== expected.get(path)) return false;
  }
  return true;
}
