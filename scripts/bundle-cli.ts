/**
 * Bundles the CLI into one CommonJS file, `dist/src/cli/main.bundle.cjs`, beside the tsc build's `main.js`
 * (`npm run build` runs it after tsc). bin/hubget starts it for the client commands (download, search, ls, rm:
 * src/cli/client-commands.ts) through `client-main.js`, which compiles it with a V8 code cache
 * (src/cli/bundle-launcher.ts), and `main.js` for everything else.
 *
 * Why one file: a client command spent most of its start-up loading modules, ~250 files (hubget's own ~110 and
 * undici's 134): an offline `hubget download --dry-run` took 0.27–0.30 s of CPU, undici's loading 90 ms of
 * it; bundled 0.16–0.18 s (docs/benchmark-history/acd097a.md, start-up). That is a tenth of the 300-small-files
 * case and felt by every `hubget ls`. Why CommonJS: Node 20 keeps no compiled code of an ES module between runs,
 * and compiling the bundle was ≈ 45 ms of each start; `vm.Script` takes a code cache (bundle-launcher.ts).
 *
 * The server part is never bundled: `./serve-command.js` stays an import of the file beside the bundle, the
 * tsc build's own (the launcher does not start the bundle for `serve` anyway, so the server and its engine
 * exist once per process); so does `./stored-jobs.js` (`hubget rm` reads the server's jobs, `hubget ls` its
 * plans when its data folder has a store), which loads better-sqlite3, a native addon that stays in
 * node_modules (a download's claims require it there at run time too, src/system/file-lock.ts). Those two
 * imports call the launcher's import (IMPORT_BESIDE): code compiled by `vm.Script` cannot `import()` on Node 20.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { CLI_BUNDLE_FILE, IMPORT_BESIDE, removeCodeCaches } from '../src/cli/bundle-launcher.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE_PATH = join(ROOT, 'dist', 'src', 'cli', CLI_BUNDLE_FILE);
export const UNDICI_FOR_CLI = join(ROOT, 'scripts', 'undici-for-cli.cjs');

/** The files beside the bundle it imports at run time (the plugin below keeps them out). */
const BESIDE_BUNDLE = /^\.\/(serve-command|stored-jobs)\.js$/;

/**
 * Keeps `import('./serve-command.js')` and `import('./stored-jobs.js')` (`hubget rm` and `ls`: the server's
 * SQLite store, i.e. better-sqlite3) as they are: resolved at run time beside the bundle.
 */
const serverPartsStayOutside: Plugin = {
  name: 'server-parts-stay-outside',
  setup(context) {
    context.onResolve({ filter: BESIDE_BUNDLE }, (args) => ({
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
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['better-sqlite3'],
    // No comments or indentation: a third less text for V8 to read at every start, and all of it ASCII
    // (undici's comments have curly quotes; one non-ASCII character makes Node decode the whole file into a
    // two-byte string, 15–25 ms of every start-up under `--cpu-prof`; the launcher reads it as Latin-1). The
    // licence comments go to a file beside the bundle.
    minifyWhitespace: true,
    legalComments: 'linked',
    plugins: [serverPartsStayOutside, undiciClientPart],
    // The sources' `import.meta.url` (a file's own URL: package.json's place, better-sqlite3's require) is the
    // bundle's, as it was in the ES module bundle.
    define: { 'import.meta.url': 'hubgetBundleUrl' },
    banner: { js: "const hubgetBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    write: false,
    logLevel: 'warning',
  });
  removeCodeCaches(outfile);
  for (const file of result.outputFiles)
    writeFileSync(file.path, file.path === outfile ? launchable(file.text) : file.contents);
}

/**
 * The bundle's text as bundle-launcher.ts runs it: its imports of the files beside it call IMPORT_BESIDE. Anything
 * the launcher could not run is a build error: another dynamic import, a name that would shadow IMPORT_BESIDE, a
 * character outside ASCII.
 */
export function launchable(text: string): string {
  if (text.includes(IMPORT_BESIDE)) throw new Error(`the CLI bundle already uses the name ${IMPORT_BESIDE}`);
  const rewritten = text.replace(/\bimport\("(\.\/[\w-]+\.js)"\)/g, (call, path: string) =>
    BESIDE_BUNDLE.test(path) ? `${IMPORT_BESIDE}("${path}")` : call,
  );
  const left = rewritten.match(/\bimport\([^)]{0,60}/);
  if (left) throw new Error(`the CLI bundle has a dynamic import its launcher cannot run: ${left[0]}`);
  const foreign = rewritten.match(/[^\x00-\x7f]/);
  if (foreign) throw new Error(`the CLI bundle has a character outside ASCII: ${JSON.stringify(foreign[0])}`);
  return rewritten;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli();
