/**
 * The three downloaders and the exact command lines the benchmark gives them (docs/benchmark.md):
 * hubget (the CLI bundle of a fresh build, or of `dist/` with --no-build, else tsx), curl, and aria2c with
 * its usual fast settings.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleCli } from '../scripts/bundle-cli.js';
import { CLI_BUNDLE_FILE } from '../src/cli/bundle-launcher.js';

export type ToolName = 'hubget' | 'curl' | 'aria2c';

/** What to fetch: one file, or every file of a repo. */
export type Job =
  | { kind: 'single'; repoId: string; path: string }
  | { kind: 'many'; repoId: string; paths: string[] };

export interface ToolCommand {
  command: string;
  args: string[];
  /** Where the downloaded files are, once it ran: repo path → local file path. */
  locate(stdout: string): Map<string, string>;
}

const ROOT = join(import.meta.dirname, '..');
/**
 * Private build output under os.tmpdir(): the benchmark measures the current sources without touching the
 * shared dist/, and outside the repository so linters never see compiled files. package.json (ESM, version)
 * and a node_modules link make it resolve exactly as the repository does.
 */
export const BENCH_BUILD_DIR = join(tmpdir(), 'hubget-bench-build');
/**
 * What bin/hubget starts for `download` in a build: client-main.js, which runs the one-file bundle beside it
 * (scripts/bundle-cli.ts) with its code cache (src/cli/bundle-launcher.ts).
 */
export const BENCH_BUILT_CLI = join(BENCH_BUILD_DIR, 'src', 'cli', 'client-main.js');
const DIST_CLI = join(ROOT, 'dist', 'src', 'cli', 'client-main.js');

let launcher: { args: string[]; description: string } | undefined;

/**
 * Builds hubget like `npm run build` does (tsc -p tsconfig.build.json, then the CLI bundle of
 * scripts/bundle-cli.ts) into BENCH_BUILD_DIR, and runs it once (its code cache). tsc still emits when files owned by others have type errors;
 * the build counts if main.js exists.
 */
export async function buildHubget(): Promise<void> {
  rmSync(BENCH_BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BENCH_BUILD_DIR, { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(BENCH_BUILD_DIR, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(BENCH_BUILD_DIR, 'node_modules'));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BENCH_BUILD_DIR], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    if (!existsSync(join(BENCH_BUILD_DIR, 'src', 'cli', 'main.js'))) throw error;
    console.log('tsc reported type errors (emitted anyway); measuring the emitted JavaScript');
  }
  await bundleCli(join(dirname(BENCH_BUILT_CLI), CLI_BUNDLE_FILE));
  // As on a machine where hubget has run before: its first run writes the bundle's code cache (any command
  // writes the same one, bundle-launcher.ts), which every measured run then reads.
  execFileSync(process.execPath, [BENCH_BUILT_CLI, 'download', '--version'], { stdio: 'pipe' });
  launcher = {
    args: [BENCH_BUILT_CLI],
    description: `node ${BENCH_BUILT_CLI} (tsc -p tsconfig.build.json and scripts/bundle-cli.ts of the current sources, as npm run build)`,
  };
}

/** How hubget is run: the bench build, else `dist/` (npm run build), else TypeScript through tsx. */
export function hubgetLauncher(): { args: string[]; description: string } {
  if (launcher) return launcher;
  if (existsSync(DIST_CLI))
    return { args: [DIST_CLI], description: 'node dist/src/cli/client-main.js (built)' };
  return {
    args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')],
    description: 'node --import tsx src/cli/main.ts (not built)',
  };
}

export function toolVersion(tool: ToolName): string {
  try {
    if (tool === 'hubget') return `node ${process.version}`;
    const output = execFileSync(tool, ['--version'], { encoding: 'utf8' });
    // `curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/…`, `aria2 version 1.36.0`: keep name and version.
    return (output.split('\n')[0] ?? '').replace(/ \(.*$/, '').trim();
  } catch {
    return 'missing';
  }
}

/** aria2c is not part of every image; the benchmark installs it with apt-get when missing. */
export function ensureAria2c(): void {
  if (toolVersion('aria2c') !== 'missing') return;
  console.log('aria2c missing: apt-get install -y aria2');
  execFileSync('apt-get', ['install', '-y', 'aria2'], { stdio: 'inherit' });
}

export interface CommandContext {
  endpoint: string;
  /** Empty scratch folder for this run. */
  workDir: string;
  /** Files at once (hubget --max-workers, aria2c -j, curl --parallel-max). */
  parallelFiles: number;
  /** Range connections per file (aria2c -x/-s). */
  connectionsPerFile: number;
  /** hubget --connections (omitted: its adaptive default). */
  hubgetConnections?: number;
  /** hubget --max-workers (omitted: its default). */
  hubgetMaxWorkers?: number;
  /** hubget --dry-run (list and plan only). */
  dryRun?: boolean;
}

export interface HubgetEvent {
  type: string;
  resultPath?: string;
  connections?: number;
}

/** The NDJSON events of `hubget download --json` (non-JSON lines ignored). */
export function hubgetEvents(stdout: string): HubgetEvent[] {
  const events: HubgetEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as HubgetEvent);
    } catch {
      // not an event
    }
  }
  return events;
}

function resolveUrl(endpoint: string, repoId: string, path: string): string {
  return `${endpoint}/${repoId}/resolve/main/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export async function buildCommand(tool: ToolName, job: Job, context: CommandContext): Promise<ToolCommand> {
  const outDir = join(context.workDir, 'out');
  await mkdir(outDir, { recursive: true });
  const paths = job.kind === 'single' ? [job.path] : job.paths;
  const inOutDir = () => new Map(paths.map((path) => [path, join(outDir, path)]));

  if (tool === 'hubget') {
    // --json: the `done` event carries the result path, progress events the connections open.
    const args = [
      ...hubgetLauncher().args,
      'download',
      job.repoId,
      ...(job.kind === 'single' ? [job.path] : []),
      '--cache-dir',
      join(context.workDir, 'hub-cache'),
      '--json',
      ...(context.hubgetConnections !== undefined
        ? ['--connections', String(context.hubgetConnections)]
        : []),
      ...(context.hubgetMaxWorkers !== undefined ? ['--max-workers', String(context.hubgetMaxWorkers)] : []),
      ...(context.dryRun ? ['--dry-run'] : []),
    ];
    return {
      command: process.execPath,
      args,
      locate(stdout) {
        const resultPath = hubgetEvents(stdout).find((event) => event.type === 'done')?.resultPath ?? '';
        if (job.kind === 'single') return new Map([[job.path, resultPath]]);
        return new Map(job.paths.map((path) => [path, join(resultPath, path)]));
      },
    };
  }

  if (tool === 'curl') {
    const common = ['-sS', '--fail', '--location'];
    if (job.kind === 'single') {
      return {
        command: 'curl',
        args: [...common, '-o', join(outDir, job.path), resolveUrl(context.endpoint, job.repoId, job.path)],
        locate: inOutDir,
      };
    }
    // One curl process, `--parallel` transfers from a config file: curl's own fair equivalent of -j16.
    const configPath = join(context.workDir, 'curl.config');
    const lines = job.paths.flatMap((path) => [
      `url = "${resolveUrl(context.endpoint, job.repoId, path)}"`,
      `output = "${join(outDir, path)}"`,
    ]);
    await writeFile(configPath, `${lines.join('\n')}\n`);
    return {
      command: 'curl',
      args: [
        ...common,
        '--create-dirs',
        '--parallel',
        '--parallel-max',
        String(context.parallelFiles),
        '-K',
        configPath,
      ],
      locate: inOutDir,
    };
  }

  // aria2c: no preallocation (its default `prealloc` writes zeros first), quiet console.
  const common = [
    '--file-allocation=none',
    '--console-log-level=warn',
    '--summary-interval=0',
    '--download-result=hide',
    '--allow-overwrite=true',
    '--auto-file-renaming=false',
    '-d',
    outDir,
  ];
  if (job.kind === 'single') {
    const perFile = String(context.connectionsPerFile);
    return {
      command: 'aria2c',
      args: [
        ...common,
        '-x',
        perFile,
        '-s',
        perFile,
        '-k',
        '1M',
        '-o',
        job.path,
        resolveUrl(context.endpoint, job.repoId, job.path),
      ],
      locate: inOutDir,
    };
  }
  const listPath = join(context.workDir, 'aria2c-input.txt');
  const entries = job.paths.map((path) => `${resolveUrl(context.endpoint, job.repoId, path)}\n  out=${path}`);
  await writeFile(listPath, `${entries.join('\n')}\n`);
  const perFile = String(context.connectionsPerFile);
  const split = context.connectionsPerFile > 1 ? ['-k', '1M'] : [];
  return {
    command: 'aria2c',
    args: [
      ...common,
      '-j',
      String(context.parallelFiles),
      '-x',
      perFile,
      '-s',
      perFile,
      ...split,
      '-i',
      listPath,
    ],
    locate: inOutDir,
  };
}
