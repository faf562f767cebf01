/**
 * Runs the one-file CommonJS bundle of the client commands (scripts/bundle-cli.ts) with a V8 code cache beside
 * it. Compiling the ≈ 0.9 MB bundle was ≈ 45 ms of every `hubget download`, `ls`, `search` or `rm` start (a CPU
 * profile of `--version`: `compileSourceTextModule` 44 of 169 ms), most of it V8 reading the whole text to find
 * its functions; with the compiled code of the first run's start read back from the cache that reading is gone
 * (docs/cli-start-up.md, "The bundle's code cache"). Node 20 has no code cache for ES modules (`module.enableCompileCache` came in Node 22),
 * hence a CommonJS bundle compiled here with `vm.Script` and `cachedData`.
 *
 * The cache is written by the first run that finds none (or one V8 refuses), right after the bundle's synchronous start (its
 * modules evaluated, the command line being parsed): before a download loads the engine, whose V8 flags
 * (src/transfer/gc-threads.ts) would make V8 refuse a cache written after them. Its name holds the Node version,
 * the architecture and the bundle's size and modification time, so a rebuilt bundle or another Node never reads
 * it (V8 checks the version, the flags and the source's length too, and compiles as usual when it refuses one).
 * Where the bundle's folder cannot be written (a package installed by root), the cache goes to the user's cache folder
 * instead (`$XDG_CACHE_HOME/hubget/code-cache`, else `~/.cache/hubget/code-cache`), named for the bundle's path too;
 * with neither writable hubget just runs without one.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { makeDirectorySync } from '../make-directory.js';

/** The bundle's file name, beside the tsc build's `main.js`. */
export const CLI_BUNDLE_FILE = 'main.bundle.cjs';

/**
 * What the bundle's dynamic imports of the files beside it (`./serve-command.js`, `./stored-jobs.js`) call instead
 * of `import(…)`: code compiled by `vm.Script` cannot import on Node 20 without `--experimental-vm-modules`, so the
 * launcher passes an import of its own. As long as `import`, so the bundle's source map stays right.
 */
export const IMPORT_BESIDE = '__impt';

const CODE_CACHE_SUFFIX = '.v8cache';

/**
 * What became of the code cache: read and used; written for the next start (there was none); refused by V8 and
 * written anew (V8 flags in NODE_OPTIONS other than the run that wrote it had); or none, no folder writable.
 */
export type CodeCacheUse = 'used' | 'written' | 'rewritten' | 'unwritable';

/** Where a bundle's code cache may be: beside it, else in the user's cache folder. */
interface CacheSpot {
  directory: string;
  /** The start of every cache file name of this bundle there (another build's or Node's included). */
  prefix: string;
  path: string;
}

/** Runs the bundle at `bundlePath` (its command line is `process.argv`, as for any script). */
export function launchBundle(bundlePath: string, env: NodeJS.ProcessEnv = process.env): CodeCacheUse {
  const directory = dirname(bundlePath);
  const source = readFileSync(bundlePath, 'latin1');
  const spots = cacheSpots(bundlePath, env);
  let found: CacheSpot | undefined;
  let cachedData: Buffer | undefined;
  for (const spot of spots) {
    cachedData = readIfThere(spot.path);
    if (cachedData) {
      found = spot;
      break;
    }
  }
  // The wrapper's first line is its own, so the bundle's lines keep their numbers in stack traces.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, ${IMPORT_BESIDE}) {\n${source}\n})`,
    { filename: bundlePath, lineOffset: -1, cachedData },
  );
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  const importBeside = (specifier: string) => import(pathToFileURL(resolve(directory, specifier)).href);
  run(module.exports, createRequire(bundlePath), module, bundlePath, directory, importBeside);
  if (cachedData && !script.cachedDataRejected) return 'used';
  // A refused cache is replaced where it was; a new one goes beside the bundle if that folder can be written.
  const order = found ? [found, ...spots.filter((spot) => spot !== found)] : spots;
  if (!order.some((spot) => writeCodeCache(script, spot))) return 'unwritable';
  return cachedData ? 'rewritten' : 'written';
}

/**
 * The places of the cache for this bundle file and this Node: beside the bundle, then the user's cache folder
 * (named for the bundle's path there, since several installs share it).
 */
export function cacheSpots(bundlePath: string, env: NodeJS.ProcessEnv = process.env): CacheSpot[] {
  const { size, mtimeMs } = statSync(bundlePath);
  const key = `${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}${CODE_CACHE_SUFFIX}`;
  return cacheFolders(bundlePath, env).map((folder) => ({
    ...folder,
    path: join(folder.directory, folder.prefix + key),
  }));
}

function cacheFolders(bundlePath: string, env: NodeJS.ProcessEnv): Omit<CacheSpot, 'path'>[] {
  const ofPath = createHash('sha1').update(resolve(bundlePath)).digest('hex').slice(0, 12);
  return [
    { directory: dirname(bundlePath), prefix: `${basename(bundlePath)}.` },
    { directory: userCodeCacheFolder(env), prefix: `${basename(bundlePath)}.${ofPath}.` },
  ];
}

/** `$XDG_CACHE_HOME/hubget/code-cache`, else `~/.cache/hubget/code-cache` (as XDG_CACHE_HOME's default). */
export function userCodeCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(root, 'hubget', 'code-cache');
}

/** Removes every code cache of the bundle at `bundlePath` (a new build's old ones), in both places. */
export function removeCodeCaches(bundlePath: string, env: NodeJS.ProcessEnv = process.env): void {
  for (const spot of cacheFolders(bundlePath, env))
    for (const name of cachesAt(spot)) removeQuietly(join(spot.directory, name));
}

function cachesAt(spot: Omit<CacheSpot, 'path'>): string[] {
  try {
    return readdirSync(spot.directory).filter(
      (name) => name.startsWith(spot.prefix) && name.endsWith(CODE_CACHE_SUFFIX),
    );
  } catch {
    return [];
  }
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (another start may read it meanwhile); drops other Nodes' and builds' caches. */
function writeCodeCache(script: Script, spot: CacheSpot): boolean {
  const cachePath = spot.path;
  const temporary = `${cachePath}.${process.pid}.tmp`;
  try {
    makeDirectorySync(spot.directory);
    // Opened before the cache is serialised: a folder this user may not write costs each start one failed open.
    const descriptor = openSync(temporary, 'w');
    try {
      writeFileSync(descriptor, script.createCachedData());
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, cachePath);
  } catch {
    removeQuietly(temporary);
    return false;
  }
  for (const name of cachesAt(spot))
    if (name !== basename(cachePath)) removeQuietly(join(spot.directory, name));
  return true;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Not ours to remove (another user's folder): it stays, unread.
  }
}
