/**
 * Bundles the CLI into one ES module, `dist/src/cli/main.bundle.mjs`, beside the tsc build's `main.js`
 * (`npm run build` runs it after tsc). bin/hubget starts the bundle for the client commands (download,
 * search, ls, rm: src/cli/client-commands.ts) and `main.js` for everything else.
 *
 * Why: a client command spent most of its start-up loading modules, ~250 files (hubget's own ~110 and
 * undici's 134): an offline `hubget download --dry-run` took 0.27–0.30 s of CPU, undici's loading 90 ms of
 * it; bundled 0.16–0.18 s (docs/benchmark-history/acd097a.md, start-up). That is a tenth of the 300-small-files
 * case and felt by every `hubget ls`.
 *
 * The server part is never bundled: `./serve-command.js` stays an import of the file beside the bundle, the
 * tsc build's own (the launcher does not start the bundle for `serve` anyway, so the server and its engine
 * exist once per process); so does `./stored-jobs.js` (`hubget rm` reads the server's jobs, `hubget ls` its
 * plans when its data folder has a store), which loads better-sqlite3, a native addon that stays in
 * node_modules (a download's claims require it there at run time too, src/system/file-lock.ts). The bundle
 * needs a `require` for the CommonJS dependencies it contains (undici, commander): the banner makes one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE_PATH = join(ROOT, 'dist', 'src', 'cli', 'main.bundle.mjs');
export const UNDICI_FOR_CLI = join(ROOT, 'scripts', 'undici-for-cli.cjs');

/**
 * Keeps `import('./serve-command.js')` and `import('./stored-jobs.js')` (`hubget rm` and `ls`: the server's
 * SQLite store, i.e. better-sqlite3) as they are: resolved at run time beside the bundle.
 */
const serverPartsStayOutside: Plugin = {
  name: 'server-parts-stay-outside',
  setup(context) {
    context.onResolve({ filter: /^\.\/(serve-command|stored-jobs)\.js$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};

/**
 * The sources' `from 'undici'` becomes scripts/undici-for-cli.cjs: the part of undici a client command uses,
 * not its index (which evaluates all of undici: fetch, WebSocket, mocks, caches). That file's own requires
 * of undici's modules resolve as usual.
 */
const undiciClientPart: Plugin = {
  name: 'undici-client-part',
  setup(context) {
    context.onResolve({ filter: /^undici$/ }, () => ({ path: UNDICI_FOR_CLI }));
  },
};

export async function bundleCli(outfile: string = CLI_BUNDLE_PATH): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    external: ['better-sqlite3'],
    // No comments or indentation: a third less text for V8 to read at every start, and all of it ASCII
    // (undici's comments have curly quotes; one non-ASCII character makes Node decode the whole file into a
    // two-byte string, 15–25 ms of every start-up under `--cpu-prof`). The licence comments go to a
    // file beside the bundle.
    minifyWhitespace: true,
    legalComments: 'linked',
    plugins: [serverPartsStayOutside, undiciClientPart],
    banner: {
      js: "import { createRequire as hubgetCreateRequire } from 'node:module'; const require = hubgetCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli();
