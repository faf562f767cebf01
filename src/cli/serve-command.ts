/**
 * `hubget serve`: the REST + live events server and the web UI. Flags and env are resolved once here
 * (src/server/load-server-config.ts) into one frozen config; SIGTERM/SIGINT save running jobs (the next start
 * resumes them), then exit 0.
 */
import type { Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT } from '../defaults.js';
import type { ServeFlags } from '../server/load-server-config.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(`start the server (REST API, live events, web UI) on http://${DEFAULT_HOST}:${DEFAULT_PORT}`)
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
      'the /hf mirror answers from its cache only, never contacting the upstream; the web UI and its downloads still use the Hub (env HUBGET_MIRROR_OFFLINE)',
    )
    .option(
      '--allowed-hosts <names>',
      'extra Host names answered on /api of a loopback bind, comma-separated (env HUBGET_ALLOWED_HOSTS)',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded only to serve: `hubget --help` and `--version` register this command without the server
      // (Fastify, the store, the engine), which took them from ~0.1 s to ~0.45 s.
      const [{ loadServerConfig }, { installShutdownSignals, startServer }, { serveLogStream }] =
        await Promise.all([
          import('../server/load-server-config.js'),
          import('../server/serve.js'),
          import('./serve-log-stream.js'),
        ]);
      const logStream = serveLogStream();
      const server = await startServer(
        loadServerConfig(flags, process.env),
        logStream === undefined ? {} : { logStream },
      );
      installShutdownSignals(server);
    });
}
