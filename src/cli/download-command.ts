/**
 * `hubget download REPO_ID [FILENAMES...]` — `hf download`'s arguments, plus transfer controls. Progress goes
 * to stderr (bars on a TTY, log lines otherwise), NDJSON events to stdout with --json; on success the last
 * line on stdout is the path. Reference: docs/cli.md.
 */
import { type Command, Option } from 'commander';
import type { QuantReference } from '../catalog/gguf-quants.js';
import {
  DEFAULT_CONNECTION_BUDGET,
  DEFAULT_CONNECTIONS_PER_FILE,
  DEFAULT_INITIAL_CONNECTIONS,
  DEFAULT_MAX_CONCURRENT_FILES,
  DEFAULT_STALL_TIMEOUT_MS,
} from '../defaults.js';
import { HubgetError, isHubgetError } from '../errors.js';
import type { HubCallOptions, RepoType } from '../hub/index.js';
import { defaultModelsDir } from '../hubget-folders.js';
import type { TransferEvent } from '../progress/index.js';
import { STALL_TIMEOUT_RANGE } from '../stall-timeout.js';
import type { DownloadOptions, DownloadRequest } from '../transfer/index.js';
import {
  CACHE_DIR_FLAGS,
  CACHE_DIR_HELP,
  MODELS_DIR_FLAGS,
  MODELS_DIR_HELP,
  repoTypeOption,
} from './cache-dir-option.js';
import { ENDPOINT_FLAGS, ENDPOINT_HELP, TOKEN_FLAGS, TOKEN_HELP } from './hub-options.js';

/** The transfer room's public surface, imported only once a download runs (see runDownload). */
type TransferRoom = typeof import('../transfer/index.js');

import {
  type DownloadReference,
  parseEndpointArgument,
  parsePositiveInteger,
  parseRateArgument,
  parseRepoReference,
  parseSecondsToMs,
  parseStallTimeout,
} from './argument-parsers.js';
import {
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_SUCCESS,
  EXIT_TERMINATED,
  errorLine,
  FORCED_EXIT_AFTER_MS,
  interruptedMessage,
  keptSuffix,
  toCliError,
  writeDetails,
} from './cli-error.js';
import { type CliIo, resultPathLine, tableWidth, writeLine } from './cli-io.js';
import { dryRunJson, formatDryRun } from './format-dry-run.js';
import { gatedCheck } from './gated-check.js';
import type { QuantFiles } from './quant-reference.js';
import { createJsonRenderer } from './renderers/json-renderer.js';
import { createLogRenderer } from './renderers/log-renderer.js';
import { createSilentRenderer, type ProgressRenderer } from './renderers/progress-renderer.js';
import { chooseRepo } from './repo-argument.js';
import {
  cliRetryPolicies,
  DEFAULT_TRANSFER_RETRY_FOR_MS,
  parseRetryFor,
  RETRY_FOR_FORMS,
} from './retry-for.js';
import { withWaitingNotices } from './waiting-notices.js';

/** Options as commander hands them over (after the argument parsers ran). */
export interface DownloadCommandOptions {
  repoType: RepoType;
  revision?: string;
  include?: string[];
  exclude?: string[];
  cacheDir?: string;
  localDir?: string;
  modelsDir?: string;
  token?: string;
  endpoint?: string;
  quiet?: boolean;
  json?: boolean;
  dryRun?: boolean;
  maxWorkers: number;
  /** Unset: hubget's default cap (DEFAULT_CONNECTIONS_PER_FILE), which the connections' reason names as such. */
  connections?: number;
  maxConnections?: number;
  /** Bytes per second; 0 = unlimited. */
  limitRate: number;
  /** Milliseconds (the flag takes seconds). */
  stallTimeout?: number;
  /** Milliseconds (the flag takes seconds). */
  logInterval: number;
  /** Milliseconds (the flag takes `90`, `30s`, `5m`, `1h`: retry-for.ts). */
  retryFor?: number;
}

/** Receives the exit status once the command is done (main.ts exits with it). */
export type ExitWith = (status: number) => void;

export function registerDownloadCommand(program: Command, io: CliIo, exitWith: ExitWith): void {
  program
    .command('download')
    .description('Download files of a Hub repository into the HF cache (or --local-dir) and print the path')
    .argument(
      '<REPO_ID>',
      'repository id, e.g. `Qwen/Qwen2.5-0.5B-Instruct` or `gpt2`, or its Hub URL; `org/name@REV` = --revision REV; `org/name:Q4_K_M` takes one GGUF quantization',
      parseRepoReference,
    )
    .argument('[FILENAMES...]', 'only these files (combined with --include/--exclude)')
    .addOption(repoTypeOption())
    .option('--revision <rev>', 'branch, tag or commit (default: main)')
    .option('--include <patterns...>', 'only files matching these glob patterns (fnmatch, `*` crosses `/`)')
    .option('--exclude <patterns...>', 'skip files matching these glob patterns')
    .option(CACHE_DIR_FLAGS, CACHE_DIR_HELP)
    .option(
      '--local-dir <dir>',
      'write real files under this folder instead of the cache (hf local-dir layout)',
    )
    .option(
      MODELS_DIR_FLAGS,
      `${MODELS_DIR_HELP}; into the cache, the files a finished local-dir download of the repo there holds are copied, not fetched`,
    )
    .option(TOKEN_FLAGS, TOKEN_HELP)
    .option(ENDPOINT_FLAGS, ENDPOINT_HELP, parseEndpointArgument)
    .addOption(new Option('-q, --quiet', 'print nothing but the final path').conflicts('json'))
    .option('--json', 'print progress as NDJSON TransferEvents on stdout (the `done` event carries the path)')
    .option('--dry-run', 'list the files, their sizes and what would be fetched; fetch nothing')
    .option('--max-workers <n>', 'files fetched at once', parsePositiveInteger, DEFAULT_MAX_CONCURRENT_FILES)
    .option(
      '--connections <n>',
      `most range connections per file: each starts with ${DEFAULT_INITIAL_CONNECTIONS} and adds more while they carry more (default: ${DEFAULT_CONNECTIONS_PER_FILE})`,
      parsePositiveInteger,
    )
    .option(
      '--max-connections <n>',
      `most range connections in total across files (default: max(${DEFAULT_CONNECTION_BUDGET}, --connections))`,
      parsePositiveInteger,
    )
    .option(
      '--limit-rate <rate>',
      'cap total bandwidth, bytes/s: 500K, 20M (=20·10^6), 20Mi (=20·2^20); 0 = none',
      parseRateArgument,
      0,
    )
    .option(
      '--stall-timeout <seconds>',
      `reconnect a range that received no data for this long (${STALL_TIMEOUT_RANGE}; default ${DEFAULT_STALL_TIMEOUT_MS / 1000})`,
      parseStallTimeout,
    )
    .option(
      '--retry-for <duration>',
      `ride out an outage (no answer, or 408/429/5xx answers) for this long without progress before giving up, the listing and the transfer: ${RETRY_FOR_FORMS}; 0: 5 tries, as huggingface_hub (default: ${DEFAULT_TRANSFER_RETRY_FOR_MS / 1000} s for the transfer, 5 tries for the listing)`,
      parseRetryFor,
    )
    .addOption(
      new Option('--log-interval <seconds>', 'seconds between progress lines when stderr is not a terminal')
        .argParser(parseSecondsToMs)
        .default(5000, '5'),
    )
    .action(
      async (
        reference: DownloadReference,
        filenames: string[],
        options: DownloadCommandOptions,
        command: Command,
      ) => {
        // `org/name@v1.0`, a URL's type, revision and file: the same as the flags say, or a usage error.
        const { revision, repoType, repoId } = chooseRepo(command, reference, options);
        const files = reference.filename === undefined ? filenames : [...filenames, reference.filename];
        exitWith(
          await runDownload(
            { repoId, ...(reference.quant !== undefined && { quant: reference.quant }) },
            files,
            { ...options, repoType, ...(revision !== undefined && { revision }) },
            io,
          ),
        );
      },
    );
}

/** Runs one download (or dry run) and returns the exit status. Never throws. */
export async function runDownload(
  reference: QuantReference,
  filenames: string[],
  options: DownloadCommandOptions,
  io: CliIo,
): Promise<number> {
  // The engine (undici, cache, hub client) and the TTY bars (cli-progress) load only when a download runs,
  // not for `--help` or a usage error; the engine's import starts before the renderer's (docs/cli-start-up.md).
  const engine = import('../transfer/index.js');
  engine.catch(() => {});
  const renderer = await createRenderer(options, io);
  // The model file's, the interruption's and the error's line: on a terminal broken at spaces to its width
  // (terminal-lines.ts).
  const { lineWriter } = await import('./terminal-lines.js');
  const writeEndLine = lineWriter(
    io.stderr,
    io.stderr.isTTY ? (await import('./renderers/terminal-width.js')).displayWidth : undefined,
  );
  // Said while the listing runs (before the plan); a fast one says nothing (listing-notices.ts).
  const { startListingNotices } = await import('./listing-notices.js');
  const { retryPolicy } = await import('../hub/retry-policy.js');
  // --retry-for: how long the listing and the transfer ride out an outage (retry-for.ts).
  const policies = cliRetryPolicies(options.retryFor);
  const listing = startListingNotices(
    (line) => renderer.notice(line),
    reference.repoId,
    options.revision,
    retryPolicy(policies.listing),
  );
  // Held by the process's `429` waits of their quota, and heard by them (the run's range requests' too).
  const { hostRateLimitQuota } = await import('../transfer/host-rate-limit.js');
  const hubCall = {
    retry: { ...policies.listing, onRetry: listing.onRetry },
    quota: hostRateLimitQuota(policies.listing, undefined),
  };
  let sawFailedEvent = false;
  const failedFiles = new Set<string>();
  // What is on disk, for the interruption's message.
  let kept: { downloaded: number; total: number } | undefined;
  const onEvent = (event: TransferEvent): void => {
    if (event.type === 'plan') listing.done();
    if (event.type === 'progress') kept = { downloaded: event.downloaded, total: event.total };
    if (event.type === 'failed') sawFailedEvent = true;
    if (event.type === 'file-failed') failedFiles.add(event.path);
    renderer.onEvent(event);
  };

  const controller = new AbortController();
  /** Why the run was stopped: a signal, or stdout that cannot be written (`--json | head -1`). */
  let stopped: 'SIGINT' | 'SIGTERM' | 'output' | undefined;
  const stop = (reason: NonNullable<typeof stopped>, message: string) => {
    stopped = reason;
    controller.abort(new HubgetError('ABORTED', message));
  };
  const exitNow = (signal: 'SIGINT' | 'SIGTERM'): never => {
    renderer.stop();
    writeEndLine(interruptedMessage(kept));
    process.exit(signal === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_TERMINATED);
  };
  const onStopSignal = (signal: 'SIGINT' | 'SIGTERM') => () => {
    // A second Ctrl-C means "now": temp files and resume maps are written as they go, so nothing is lost.
    if (stopped === 'SIGINT' || stopped === 'SIGTERM') exitNow(signal);
    stop(signal, `Interrupted by ${signal}`);
    // Listing, retry backoff and transfers all stop on the signal; this timer only bounds a slow unwind.
    setTimeout(() => exitNow(signal), FORCED_EXIT_AFTER_MS).unref();
  };
  // stdout failed (`--json | head -1`): stopped like on Ctrl-C, silently; main.ts exits with the output's status.
  // A signal that came first stays the reason (Ctrl-C on `… | jq` stops both, and jq's exit closes the pipe).
  const onOutputFailure = () => {
    if (stopped === undefined) stop('output', 'Standard output cannot be written');
  };
  const removeHandlers = [
    io.onSignal('SIGINT', onStopSignal('SIGINT')),
    io.onSignal('SIGTERM', onStopSignal('SIGTERM')),
    ...(io.onOutputFailure ? [io.onOutputFailure(onOutputFailure)] : []),
  ];

  try {
    const { request, quant } = await buildRequest(reference, filenames, options, io.env, hubCall);
    if (options.dryRun) {
      const { planDownload } = await engine;
      const plan = await planDownload(request, hubCall);
      listing.done();
      if (options.json) writeLine(io.stdout, JSON.stringify(dryRunJson(plan)));
      else for (const line of formatDryRun(plan, tableWidth(io))) writeLine(io.stdout, line);
      return EXIT_SUCCESS;
    }
    const transfer = await engine;
    const result = await transfer.downloadModel(request, {
      ...buildDownloadOptions(options, controller.signal, onEvent, transfer),
      transfer: { retryPolicy: policies.transfer },
      hubCall,
      // A gated repo without access: refused before anything is written (gated-check.ts).
      checkPlan: gatedCheck(hubCall),
    });
    renderer.stop();
    // A `:QUANT` download: which file to load, on stderr (the path on stdout stays `hf download`'s); on a terminal
    // broken at spaces as the lines around it, its path whole on a line of its own (docs/cli-paths.md).
    if (quant !== undefined && !options.json && !options.quiet) {
      const { modelFileLine } = await import('./quant-reference.js');
      writeEndLine(modelFileLine(quant, result.resultPath, request.filenames?.length ?? 0));
    }
    // The path is the last stdout line, as with `hf download`; in --json mode the `done` event carries it. On a
    // terminal quoted when it holds a space; piped, as it is (resultPathLine).
    if (!options.json) writeLine(io.stdout, resultPathLine(io, result.resultPath));
    return EXIT_SUCCESS;
  } catch (error) {
    renderer.stop();
    if (stopped !== undefined && (controller.signal.aborted || isHubgetError(error, 'ABORTED'))) {
      // Nothing more to say where nobody reads: main.ts reports the output's failure and exits with its status.
      if (stopped === 'output') return EXIT_FAILURE;
      writeEndLine(interruptedMessage(kept));
      return stopped === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_TERMINATED;
    }
    const cliError = toCliError(error);
    if (options.json && !sawFailedEvent) {
      writeLine(io.stdout, JSON.stringify({ type: 'failed', error: cliError.toJSON() }));
    }
    // One line: the first error, and how many files failed when more than one did (--json lists each).
    const others = failedFiles.size > 1 ? ` (${failedFiles.size} files failed)` : '';
    writeEndLine(`${errorLine(cliError)}${others}${keptSuffix(cliError, kept)}`);
    writeDetails(io, error);
    return EXIT_FAILURE;
  } finally {
    listing.done();
    for (const remove of removeHandlers) remove();
  }
}

async function buildRequest(
  reference: QuantReference,
  filenames: string[],
  options: DownloadCommandOptions,
  env: NodeJS.ProcessEnv,
  hubCall: HubCallOptions,
): Promise<{ request: DownloadRequest; quant?: QuantFiles }> {
  // `org/name:Q4_K_M` (Ollama / llama.cpp): that GGUF quantization's files (src/cli/quant-reference.ts).
  const { loadHubConfig, parseRepoRef } = await import('../hub/index.js');
  const repo = parseRepoRef(reference.repoId, options.repoType);
  const hub = await loadHubConfig({ endpoint: options.endpoint, token: options.token, env });
  let selected = filenames;
  let quant: QuantFiles | undefined;
  if (reference.quant !== undefined) {
    const { quantFiles } = await import('./quant-reference.js');
    quant = await quantFiles(hub, repo, options.revision, reference.quant, hubCall);
    selected = [...new Set([...quant.paths, ...filenames])];
  }
  const request: DownloadRequest = {
    repo,
    hub,
    ...(quant !== undefined && { quant: quant.name }),
    ...(options.revision !== undefined && { revision: options.revision }),
    ...(selected.length > 0 && { filenames: selected }),
    ...(options.include !== undefined && { include: options.include }),
    ...(options.exclude !== undefined && { exclude: options.exclude }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.localDir !== undefined
      ? { localDir: options.localDir }
      : { modelsDir: options.modelsDir ?? defaultModelsDir(env) }),
    fromDiskWhenHubDown: true,
  };
  return { request, ...(quant !== undefined && { quant }) };
}

export function buildDownloadOptions(
  options: DownloadCommandOptions,
  signal: AbortSignal,
  onEvent: (event: TransferEvent) => void,
  {
    createConnectionBudget,
    createRateLimiter,
  }: Pick<TransferRoom, 'createConnectionBudget' | 'createRateLimiter'>,
): DownloadOptions {
  const connectionsPerFile = options.connections ?? DEFAULT_CONNECTIONS_PER_FILE;
  const maxConnections = options.maxConnections ?? Math.max(DEFAULT_CONNECTION_BUDGET, connectionsPerFile);
  return {
    // Left unset when not given: the engine applies the same default and calls it the default cap.
    ...(options.connections !== undefined && { connectionsPerFile: options.connections }),
    maxConcurrentFiles: options.maxWorkers,
    connectionBudget: createConnectionBudget(maxConnections),
    ...(options.limitRate > 0 && { rateLimiters: [createRateLimiter(options.limitRate)] }),
    ...(options.stallTimeout !== undefined && { stallTimeoutMs: options.stallTimeout }),
    signal,
    onEvent,
  };
}

async function createRenderer(options: DownloadCommandOptions, io: CliIo): Promise<ProgressRenderer> {
  if (options.json) return createJsonRenderer((text) => io.stdout.write(text));
  if (options.quiet) return createSilentRenderer();
  // The table goes to stdout; the listing's notices still tell the wait on stderr.
  if (options.dryRun) return createSilentRenderer((line) => writeLine(io.stderr, line));
  const toStderr = (line: string) => writeLine(io.stderr, line);
  if (io.stderr.isTTY) {
    const { createTtyRenderer } = await import('./renderers/tty-renderer.js');
    return withWaitingNotices(createTtyRenderer({ stream: io.stderr }), toStderr, true);
  }
  return withWaitingNotices(
    createLogRenderer({ writeLine: toStderr, intervalMs: options.logInterval }),
    toStderr,
    false,
  );
}
