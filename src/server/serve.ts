/**
 * Starts hubget's server: data dir (one server per data dir: data-dir-lock.ts), SQLite store, jobs service
 * (with the external-download watcher), network monitor, the Fastify app, and listen. Jobs are recovered and
 * run only once the port is bound, so a server that cannot listen has run nothing. The only place that
 * listens (tests of the routes build the app with fakes instead). close() stops taking requests, pauses and
 * persists running jobs, then lets the next server have the data dir.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import type { CatalogEntry } from '../api-types.js';
import { hostForUrl, isWildcardHost } from '../bind-host.js';
import { loadCatalog, repoForCatalogFolder } from '../catalog/index.js';
import { HubgetError } from '../errors.js';
import type { RequestQuota, RetryPolicy } from '../hub/index.js';
import type { DefaultJobService, JobRunner, JobService, JobsLogger } from '../jobs/index.js';
import { createDefaultJobRunner, createJobService, FailedAttempts, WrittenRanges } from '../jobs/index.js';
import { makeDirectory } from '../make-directory.js';
import { rateLimitQuota } from '../mirror/index.js';
import { planLookup } from '../models/download-plans.js';
import { groupJobsByModel } from '../models/jobs-by-model.js';
import { openSqliteStore, STORE_FILE_NAME } from '../store/index.js';
import { createMachineMemoryReader, createNetworkMonitor, getDiskStats } from '../system/index.js';
import { processRateLimits } from '../transfer/host-rate-limit.js';
import { buildApp } from './app.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { DiskStatsReader } from './deps.js';
import { createHubBrowser } from './hub-browser.js';
import { UNLOGGED_LISTEN_TEXT } from './logging.js';
import { createMirror } from './mirror-setup.js';
import { createModelsSource } from './models-source.js';
import type { ServerConfig } from './server-config.js';
import {
  readRunRecord,
  type ServerRun,
  shutdownCutOff,
  startServerRun,
  uncleanStopMessage,
} from './server-run.js';
import { createSubFolderLocalDirs } from './sub-folder-local-dirs.js';

export interface RunningServer {
  /** `http://host:port` actually bound (port 0 resolved). */
  url: string;
  port: number;
  app: FastifyInstance;
  jobs: JobService;
  /** Stops listening, ends event streams, pauses and persists running jobs, closes the store. */
  close(): Promise<void>;
}

/** A --catalog file must load (the user named it); the shipped catalog failing only logs a warning. */
async function loadStartupCatalog(
  path: string | undefined,
): Promise<{ entries: CatalogEntry[]; warning?: string }> {
  if (path !== undefined) return { entries: await loadCatalog(path) };
  try {
    return { entries: await loadCatalog() };
  } catch (error) {
    return {
      entries: [],
      warning: `The shipped model catalog could not be loaded: ${(error as Error).message}`,
    };
  }
}

/**
 * The server's log on stdout (a file, a pipe, a service manager), each line written before the call returns.
 * Not pino's default writer, which is asynchronous and writes what it still holds in process.exit, where it
 * retries a failed write every 100 ms for ever: `hubget serve | tee log` then Ctrl-C (tee gets the SIGINT too)
 * left the server hung in exit, deaf to any signal and to its own forced-exit timer. A write to a reader that
 * went away (EPIPE) stops the logging instead, and the server stops as asked (installShutdownSignals). A
 * reader that stops reading but stays holds the server up once the pipe is full, as a terminal's does.
 */
export function stdoutLog(): ReturnType<typeof pino.destination> {
  return pino.destination({ dest: 1, sync: true });
}

function urlOf(host: string, port: number): string {
  const shown = isWildcardHost(host) ? '127.0.0.1' : host;
  return `http://${hostForUrl(shown)}:${port}`;
}

/** What runs the server but is not configuration. */
export interface ServerRuntime {
  /** Where log lines go. @default stdout, written synchronously (stdoutLog) */
  logStream?: DestinationStream;
  /**
   * Fields of the retry policy to override for the jobs' downloads, their range requests and Hub calls
   * (tests shorten its backoff); the rest is SERVER_JOB_RETRY_POLICY over DEFAULT_RETRY_POLICY
   * (src/hub/retry-policy.ts).
   */
  retryPolicy?: Partial<RetryPolicy>;
  /**
   * How old the kept walk of the models dir's sub-folders may get before a request renews it, in ms (tests);
   * without it, LOCAL_DIR_RESCAN_INTERVAL_MS (src/defaults.ts).
   */
  subFolderRefreshMs?: number;
  /**
   * What the routes and the download previews read a folder's disk with (tests make a folder another disk's).
   * @default getDiskStats
   */
  diskStats?: DiskStatsReader;
}

/** `config` was validated when it was made (createServerConfig): a refused one never got this far. */
export async function startServer(config: ServerConfig, runtime: ServerRuntime = {}): Promise<RunningServer> {
  // Catalog errors are the user's (a bad --catalog file): report them before starting anything.
  const catalog = await loadStartupCatalog(config.catalogPath);

  await makeDirectory(config.dataDir, { mode: 0o700 });
  await makeDirectory(config.modelsDir);
  // Before the store is opened: a second server on this data dir is refused here (IN_USE), having read
  // and run nothing.
  const lock = acquireDataDirLock(config.dataDir);
  // Ours now: how the previous run ended, before this one's record replaces it (once listening).
  const previousRun = readRunRecord(config.dataDir);
  let run: ServerRun | undefined;
  const hub = config.hub;
  const logs = new DeferredLogger();
  // Only a mirror reads files while its jobs write them: other servers' transfers are told nothing per chunk.
  const writtenRanges = config.mirror ? new WrittenRanges() : undefined;
  const failedAttempts = config.mirror ? new FailedAttempts() : undefined;
  // A mirror's remembered 429 waits, shared by the server's own calls to its upstream with its token (the preview,
  // search, model pages: src/mirror/rate-limit-quota.ts): the process's, which its downloads' requests and Hub calls
  // wait out (src/transfer/host-rate-limit.ts), one record of the quota's waits for all of them.
  const rateLimits = config.mirror ? processRateLimits : undefined;
  const quota = rateLimits && rateLimitQuota(rateLimits);
  let jobs: DefaultJobService;
  try {
    const store = openSqliteStore(join(config.dataDir, STORE_FILE_NAME));
    try {
      // Not started yet: nothing is recovered or run before the port is bound.
      jobs = await createJobService({
        store,
        dataDir: config.dataDir,
        modelsDir: config.modelsDir,
        hubCacheDir: config.hubCacheDir,
        hubDefaults: hub,
        logger: logs,
        repoForLocalDir: repoForCatalogFolder(config.modelsDir, catalog.entries),
        watchExternal: config.watchExternal,
        shutdownCutOff: shutdownCutOff(previousRun),
        ...(runtime.diskStats === undefined ? {} : { diskStats: runtime.diskStats }),
        ...jobRunnerOf(runtime, quota),
        ...(writtenRanges === undefined ? {} : { writtenRanges }),
        ...(failedAttempts === undefined ? {} : { failedAttempts }),
      });
    } catch (error) {
      store.close();
      throw error;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  // The app starts it when ready and stops it on close.
  const network = createNetworkMonitor(
    config.procNetDevPath === undefined ? {} : { procPath: config.procNetDevPath },
  );

  let app: FastifyInstance | undefined;
  try {
    const mirror = config.mirror
      ? await createMirror({
          offline: config.mirror.offline || hub.offline === true,
          hubCacheDir: config.hubCacheDir,
          dataDir: config.dataDir,
          jobs,
          ...(writtenRanges === undefined ? {} : { writtenRanges }),
          ...(failedAttempts === undefined ? {} : { failedAttempts }),
          ...(rateLimits === undefined ? {} : { rateLimits }),
          log: (message, details) => logs.info(details, message),
          warn: (message, details) => logs.warn(details, message),
          debug: (message, details) => logs.debug(details, message),
        })
      : undefined;
    // Local dirs in sub-folders (other programs' downloads) come from a kept walk of the models dir.
    const subFolderLocalDirs = createSubFolderLocalDirs(config.modelsDir, {
      ...(runtime.subFolderRefreshMs === undefined ? {} : { refreshEveryMs: runtime.subFolderRefreshMs }),
      onError: (error) =>
        logs.warn({ err: error, modelsDir: config.modelsDir }, 'could not look through the models folder'),
    });
    app = await buildApp({
      ...(mirror === undefined ? {} : { mirror }),
      jobs,
      network,
      disk: runtime.diskStats ?? getDiskStats,
      models: createModelsSource({
        hubCacheDir: config.hubCacheDir,
        modelsDir: config.modelsDir,
        loadCatalog: async () => catalog.entries,
        plans: () => planLookup(groupJobsByModel(jobs.list(), config.modelsDir), (id) => jobs.files(id)),
        subFolderLocalDirs,
      }),
      config,
      // Same endpoint and token as the jobs: the stored settings first, then flags/env.
      hub: createHubBrowser({
        hubConfig: () => ({ ...hub, ...jobs.hubConfig() }),
        machine: createMachineMemoryReader(),
        // A mirror's upstream is that endpoint with that token: its remembered 429 waits hold for these calls too.
        ...(quota === undefined ? {} : { quota }),
      }),
      logger: { level: config.logLevel, stream: runtime.logStream ?? stdoutLog() },
      status: () => {
        // Set before the first request can be read: listen() resolves, then run is made without a yield.
        if (run === undefined) throw new HubgetError('INVALID_STATE', 'The server is starting');
        return run.status;
      },
    });
    logs.attach(app.log.child({ component: 'jobs' }));
    if (catalog.warning) app.log.warn(catalog.warning);
    // Fastify's own `Server listening at …` is not logged: the line below says the URL with the folders.
    await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: () => UNLOGGED_LISTEN_TEXT,
    });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await jobs.shutdown().catch(() => undefined);
    lock.release();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new HubgetError(
        'INVALID_ARGUMENT',
        `Cannot listen on ${config.host}:${config.port} (${code}): choose another --port or --host`,
        { cause: error },
      );
    }
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = urlOf(config.host, port);
  lock.setUrl(url);
  app.log.info(
    { url, dataDir: config.dataDir, modelsDir: config.modelsDir, hubCacheDir: config.hubCacheDir },
    `hubget listening on ${url}`,
  );
  // The port is ours: recover the jobs a crash or a shutdown interrupted, and run the queue.
  const interrupted = jobs.list().filter((job) => job.kind === 'download' && job.state === 'running');
  jobs.start();
  const running = app;
  run = startServerRun({
    dataDir: config.dataDir,
    previous: previousRun,
    interrupted: interrupted.map((job) => jobs.get(job.id) ?? job),
    onError: (error) => running.log.warn({ err: error }, 'could not record that the server is running'),
  });
  const uncleanStop = run.status.uncleanStop;
  if (uncleanStop) running.log.warn({ uncleanStop }, uncleanStopMessage(uncleanStop));
  const serverRun = run;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app: running,
    jobs,
    close() {
      closing ??= (async () => {
        // Recorded first: a shutdown cut off from here on is told from a crash at the next start.
        serverRun.shutdownBegun();
        try {
          await running.close();
          await jobs.shutdown();
          serverRun.stopped();
        } finally {
          serverRun.end();
          lock.release();
        }
        running.log.info('hubget stopped: running jobs saved; they resume at the next start');
      })();
      return closing;
    },
  };
}

/** Logs of the jobs service and the mirror before the app's logger exists (their set-up) are kept and replayed. */
class DeferredLogger implements JobsLogger {
  #target: JobsLogger | undefined;
  readonly #pending: ['debug' | 'info' | 'warn' | 'error', object, string][] = [];
  attach(target: JobsLogger): void {
    this.#target = target;
    for (const [level, details, message] of this.#pending.splice(0)) target[level]?.(details, message);
  }
  debug(details: object, message: string): void {
    this.#log('debug', details, message);
  }
  info(details: object, message: string): void {
    this.#log('info', details, message);
  }
  warn(details: object, message: string): void {
    this.#log('warn', details, message);
  }
  error(details: object, message: string): void {
    this.#log('error', details, message);
  }
  #log(level: 'debug' | 'info' | 'warn' | 'error', details: object, message: string): void {
    if (this.#target) this.#target[level]?.(details, message);
    else if (this.#pending.length < 1000) this.#pending.push([level, details, message]);
  }
}

/** How the server's stop is asked for besides a signal (installShutdownSignals). */
export interface ShutdownControl {
  /**
   * Stops as on SIGTERM (running jobs saved, the same time limit), then exits with `status`; nothing when a
   * stop is under way already.
   */
  stop(status: number, details: object, message: string): void;
}

/**
 * SIGTERM/SIGINT/SIGHUP: stop and save running jobs (the next start resumes them), exit 0. A second signal exits at
 * once (1); a shutdown that hangs is cut off after `timeoutMs`. SIGHUP is the terminal the server ran in closing:
 * uncaught it killed the process, and the next start counted a crash. Node resets every signal's disposition as
 * it starts (SIGHUP to the default, whatever `nohup` set), so catching it takes nothing away from `nohup`: a server
 * meant to outlive its terminal runs under `setsid` or a service manager (docs/cli-serve.md).
 */
export function installShutdownSignals(server: RunningServer, timeoutMs = 15_000): ShutdownControl {
  let stopping = false;
  const stop = (status: number, details: object, message: string): boolean => {
    if (stopping) return false;
    stopping = true;
    server.app.log.info(details, message);
    setTimeout(() => {
      server.app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs).unref();
    server.close().then(
      () => process.exit(status),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
    return true;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop(0, { signal }, 'shutting down: saving running jobs')) process.exit(1);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);
  return {
    stop(status, details, message) {
      stop(status, details, message);
    },
  };
}

/**
 * The jobs' runner: the default one, which rides out an outage of a few minutes (SERVER_JOB_RETRY_POLICY),
 * on a mirror too: its pulls cache the file when the upstream returns, and a client reading a pull's body is
 * not kept waiting on that, the mirror cuts the body when the upstream is found gone (file-requests.ts,
 * docs/mirror.md). Tests pass their own policy. A mirror's `quota` (its remembered `429` waits) gates the calls a
 * person waits on (the preview's plan and the access check: refused) and the jobs' own requests (waited out),
 * default-job-runner.ts.
 */
export function jobRunnerOf(runtime: ServerRuntime, quota?: RequestQuota): { runner?: JobRunner } {
  if (runtime.retryPolicy === undefined && quota === undefined) return {};
  return {
    runner: createDefaultJobRunner({
      ...(runtime.retryPolicy === undefined ? {} : { retryPolicy: runtime.retryPolicy }),
      ...(quota === undefined ? {} : { quota }),
    }),
  };
}
