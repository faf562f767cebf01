/**
 * Bundles the CLI into one ES module, `dist/src/cli/main.bundle.mjs`, beside the tsc build's `main.js`
 * (`npm run build` runs it after tsc). bin/hubget starts the bundle for the client commands (download,
 * search, ls, rm: src/cli/client-commands.ts) and `main.js` for everything else.
 *
 * Why: a client command spent most of its start-up loading modules, ~250 files (hubget's own ~110 and
 * undici's 134): an offline `hubget download --dry-run` took 0.27–0.30 s of CPU, undici's loading 90 ms of
 * it; bundled 0.16–0.18 s (docs/benchmark-history.md, round `acd097a`, start-up). That is a tenth of the 300-small-files
 * case and felt by every `hubget ls`.
 *
 * The server part is never bundled: `./serve-command.js` stays an import of the file beside the bundle, the
 * tsc build's own (the launcher does not start the bundle for `serve` anyway, so the server and its engine
 * exist once per process); so does `./stored-jobs.js` (`hubget rm` reads the server's jobs), which loads
 * better-sqlite3, a native addon that stays in node_modules (a download's claims require it there at run time
 * too, src/system/file-lock.ts). The bundle needs a
 * `require` for the CommonJS dependencies it contains (undici, commander): the banner makes one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI_BUNDLE_PATH = join(ROOT, 'dist', 'src', 'cli', 'main.bundle.mjs');

/**
 * Keeps `import('./serve-command.js')` and `import('./stored-jobs.js')` (`hubget rm`: the server's SQLite
 * store, i.e. better-sqlite3) as they are: resolved at run time beside the bundle.
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
    // npm undici's cookies module reads `globalThis.Headers` when it loads (to brand-check a Headers of
    // either copy); that lazy global makes Node load its own built-in copy of undici, 17–19 ms of every
    // `hubget download` start-up (`--cpu-prof`), for cookie helpers hubget never calls. Reads only:
    // esbuild leaves assignments (undici's `install()`, never called) as they are.
    define: { 'globalThis.Headers': 'undefined' },
    plugins: [serverPartsStayOutside],
    banner: {
      js: "import { createRequire as hubgetCreateRequire } from 'node:module'; const require = hubgetCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli();
