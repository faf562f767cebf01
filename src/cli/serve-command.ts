/**
 * `hubget serve`: the REST + live events server and the web UI. Flags and env are resolved once here
 * (src/server/load-server-config.ts) into one frozen config; SIGTERM/SIGINT save running jobs (the next start
 * resumes them), then exit 0.
 */
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../defaults.js';
import type { ServeFlags } from '../server/load-server-config.js';
import { EXIT_FAILURE, reportFailure } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { outputError } from './output-failure.js';

const LOG_FAILED = 'shutting down: the log cannot be written to standard output';

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(`Start the server (REST API, live events, web UI) on http://${DEFAULT_HOST}:${DEFAULT_PORT}`)
    .option('--host <host>', 'interface to bind; anything but loopback needs an API token (env HUBGET_HOST)')
    .option('--port <port>', `port, 0 = any free port (env HUBGET_PORT, default ${DEFAULT_PORT})`)
    .option(
      '--data-dir <dir>',
      'server state: database, token file; one server per data dir (env HUBGET_DATA_DIR, default ~/.local/share/hubget)',
    )
    .option(
      '--models-dir <dir>',
      'local-dir downloads go under here (env HUBGET_MODELS_DIR, default ~/models)',
    )
    .option('--cache-dir <dir>', 'Hugging Face hub cache (default: HF_HUB_CACHE / HF_HOME rules)')
    .option('--catalog <file>', 'model catalog JSON (env HUBGET_CATALOG)')
    .option(
      '--api-token <token>',
      'require this token on /api (env HUBGET_API_TOKEN; prefer the env: flags show in `ps`)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env HUBGET_LOG_LEVEL)')
    .option(
      '--mirror',
      'also serve a read-only Hub mirror under /hf: HF_ENDPOINT=http://HOST:PORT/hf (env HUBGET_MIRROR)',
    )
    .option(
      '--mirror-offline',
      'the /hf mirror answers from what it holds (its cache, the bytes of paused pulls), never contacting the upstream; the web UI and its downloads still use the Hub (env HUBGET_MIRROR_OFFLINE)',
    )
    .option(
      '--allowed-hosts <names>',
      'extra Host names answered on /api of a loopback bind, comma-separated (env HUBGET_ALLOWED_HOSTS)',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded only to serve: `hubget --help` and `--version` register this command without the server
      // (Fastify, the store, the engine), which took them from ~0.1 s to ~0.45 s.
      const [
        { loadServerConfig },
        { installShutdownSignals, startServer, stdoutLog },
        { onLogFailure, serveLogStream },
      ] = await Promise.all([
        import('../server/load-server-config.js'),
        import('../server/serve.js'),
        import('./serve-log-stream.js'),
      ]);
      const pretty = serveLogStream();
      const logStream = pretty ?? stdoutLog();
      // `hubget serve > /dev/full`: one error line and status 1, the jobs saved, not a Node stack. The first
      // failed write may come while the server starts (its address is logged once it listens).
      const logFailed = new Promise<unknown>((resolve) => onLogFailure(logStream, resolve));
      const server = await startServer(loadServerConfig(flags, process.env), { logStream });
      const shutdown = installShutdownSignals(server);
      void logFailed.then((error) => {
        reportFailure(io, outputError(error));
        shutdown.stop(EXIT_FAILURE, { err: error }, LOG_FAILED);
      });
      // A terminal's log goes through process.stdout, whose failure main.ts reports (output-failure.ts).
      if (pretty) io.onOutputFailure?.(() => shutdown.stop(EXIT_FAILURE, {}, LOG_FAILED));
    });
}
