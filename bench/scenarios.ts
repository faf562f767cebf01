/**
 * The benchmark's cases (docs/benchmark.md): what the test hub serves and with which faults, what every
 * tool is asked to fetch, and with which parallelism. hubget runs with its defaults unless a case says.
 */
import type { Faults, TestRepo } from '../test/hub/test-hub.js';
import type { Job, ToolName } from './tools.js';

export interface Scenario {
  id: string;
  title: string;
  faults: Partial<Faults>;
  job: Job;
  expected: Map<string, string>;
  bytes: number;
  /** Files at once for aria2c -j / curl --parallel-max (and hubget --max-workers when set). */
  parallelFiles: number;
  /** aria2c -x/-s. */
  connectionsPerFile: number;
  hubgetMaxWorkers?: number;
  hubgetConnections?: number;
  /** hubget --dry-run: plan only, nothing fetched or verified. */
  dryRun?: boolean;
  tools: ToolName[];
}

export interface BenchRepos {
  big: TestRepo;
  line: TestRepo;
  /** Four large files: the shared line with a download's files sharing it. */
  lineFiles: TestRepo;
  small: TestRepo;
  many: TestRepo | undefined;
  listing: TestRepo | undefined;
  memory: { small: TestRepo; large: TestRepo } | undefined;
}

const ALL: ToolName[] = ['hubget', 'aria2c', 'curl'];
const HUBGET: ToolName[] = ['hubget'];
/** One 50 MB/s limit shared by every connection (a home line). */
export const SHARED_LINE_BYTES_PER_SECOND = 50_000_000;
/** Every connection paced at 20 MB/s (a CDN that limits each stream). */
export const PER_CONNECTION_BYTES_PER_SECOND = 20_000_000;

function expectations(repo: TestRepo): { expected: Map<string, string>; bytes: number } {
  return {
    expected: new Map(repo.files.map((file) => [file.path, file.sha256])),
    bytes: repo.files.reduce((sum, file) => sum + file.size, 0),
  };
}

function single(repo: TestRepo): Job {
  return { kind: 'single', repoId: repo.repoId, path: repo.files[0]?.path ?? '' };
}

function many(repo: TestRepo): Job {
  return { kind: 'many', repoId: repo.repoId, paths: repo.files.map((file) => file.path) };
}

const MIB = 1024 * 1024;

/** A hubget `--dry-run` case: listing and planning only, no bytes, no other tool. */
function planOnly(id: string, title: string, job: Job): Scenario {
  return {
    id,
    title,
    faults: {},
    job,
    expected: new Map(),
    bytes: 0,
    parallelFiles: 1,
    connectionsPerFile: 1,
    dryRun: true,
    tools: HUBGET,
  };
}

/** The cases only `--memory` adds (their repos are generated then). */
export const MEMORY_SCENARIO_IDS = ['memory-small', 'memory-large'] as const;

export function benchScenarios(repos: BenchRepos): Scenario[] {
  const { big, line, small } = repos;
  const bigMiB = (expectations(big).bytes / MIB).toFixed(0);
  const latency = { latency: { ms: 20 } };
  const scenarios: Scenario[] = [
    {
      id: 'small-files',
      title: `${small.files.length} files of 4–200 KiB, 20 ms before every response, 307/302 hops`,
      faults: latency,
      job: many(small),
      ...expectations(small),
      parallelFiles: 16,
      connectionsPerFile: 1,
      hubgetMaxWorkers: 16,
      tools: ALL,
    },
    {
      id: 'per-connection-cap',
      title: `${bigMiB} MiB LFS file, every connection paced at 20 MB/s`,
      faults: { perStreamBytesPerSecond: { bytesPerSecond: PER_CONNECTION_BYTES_PER_SECOND } },
      job: single(big),
      ...expectations(big),
      parallelFiles: 1,
      connectionsPerFile: 16,
      tools: ALL,
    },
    {
      id: 'shared-line-cap',
      title: `${(expectations(line).bytes / MIB).toFixed(0)} MiB LFS file, one 50 MB/s limit shared by all connections`,
      faults: { globalBytesPerSecond: SHARED_LINE_BYTES_PER_SECOND },
      job: single(line),
      ...expectations(line),
      parallelFiles: 1,
      connectionsPerFile: 16,
      tools: ALL,
    },
    {
      id: 'shared-line-files',
      title: `${repos.lineFiles.files.length} LFS files of ${(expectations(repos.lineFiles).bytes / repos.lineFiles.files.length / MIB).toFixed(0)} MiB, the same 50 MB/s line`,
      faults: { globalBytesPerSecond: SHARED_LINE_BYTES_PER_SECOND },
      job: many(repos.lineFiles),
      ...expectations(repos.lineFiles),
      parallelFiles: repos.lineFiles.files.length,
      connectionsPerFile: 16,
      tools: ALL,
    },
    {
      id: 'uncapped',
      title: `${bigMiB} MiB LFS file, uncapped`,
      faults: {},
      job: single(big),
      ...expectations(big),
      parallelFiles: 1,
      connectionsPerFile: 16,
      tools: ALL,
    },
    planOnly(
      'dry-run',
      `hubget --dry-run of the ${bigMiB} MiB repo (start-up + listing: subtracted from uncapped CPU)`,
      single(big),
    ),
  ];
  if (repos.many) {
    scenarios.push({
      id: 'files-3000',
      title: `${repos.many.files.length} files of 4–200 KiB, 20 ms latency (scale: ≤ 10× the ${small.files.length}-file time)`,
      faults: latency,
      job: many(repos.many),
      ...expectations(repos.many),
      parallelFiles: 16,
      connectionsPerFile: 1,
      hubgetMaxWorkers: 16,
      tools: HUBGET,
    });
  }
  if (repos.listing) {
    scenarios.push(
      planOnly(
        'plan-10000',
        `--dry-run of a ${repos.listing.files.length}-file repo (listed, filtered, sized, checked against disk)`,
        many(repos.listing),
      ),
    );
  }
  if (repos.memory) {
    const [smallId, largeId] = MEMORY_SCENARIO_IDS;
    for (const [id, repo] of [
      [smallId, repos.memory.small],
      [largeId, repos.memory.large],
    ] as const) {
      scenarios.push({
        id,
        title: `${(expectations(repo).bytes / MIB).toFixed(0)} MiB uncapped, hubget only (peak RSS flat with size)`,
        faults: {},
        job: single(repo),
        ...expectations(repo),
        parallelFiles: 1,
        connectionsPerFile: 16,
        tools: HUBGET,
      });
    }
  }
  return scenarios;
}
