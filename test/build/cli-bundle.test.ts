/**
 * The one-file CLI bundle (scripts/bundle-cli.ts) that bin/hubget starts for the client commands: built into
 * a scratch folder and run by its launcher (src/cli/bundle-launcher.ts) as client-main.js runs it, it downloads
 * from the test hub like the tsc build does, finds its version, and leaves the server part (and the server's
 * SQLite store, which `hubget rm` reads) out.
 */
import { spawn } from 'node:child_process';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, UNDICI_FOR_CLI } from '../../scripts/bundle-cli.js';
import { CLI_BUNDLE_FILE, IMPORT_BESIDE, removeCodeCaches } from '../../src/cli/bundle-launcher.js';
import { cliEnv, collect, REPO_ROOT } from '../cli/run-cli.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';

let scratch: string;
let bundle: string;
/** Runs the scratch bundle through the launcher, as dist/src/cli/client-main.js runs dist's (with tsx: from the sources). */
let launcher: string;
let hub: TestHub;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubget-bundle-'));
  // Laid out as in dist/: the bundle finds package.json (its version) by walking up.
  await copyFile(join(REPO_ROOT, 'package.json'), join(scratch, 'package.json'));
  await mkdir(join(scratch, 'src', 'cli'), { recursive: true });
  bundle = join(scratch, 'src', 'cli', CLI_BUNDLE_FILE);
  launcher = join(scratch, 'launch.mts');
  await writeFile(
    launcher,
    `import { launchBundle } from ${JSON.stringify(join(REPO_ROOT, 'src', 'cli', 'bundle-launcher.ts'))};\n` +
      `const use = launchBundle(${JSON.stringify(bundle)});\n` +
      `if (process.env.REPORT_CODE_CACHE) process.stderr.write(\`code cache: \${use}\\n\`);\n`,
  );
  // As in the package, the dependencies it leaves out (better-sqlite3) are found in node_modules above it.
  await symlink(join(REPO_ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  await bundleCli(bundle);
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/bundled',
    files: [
      { path: 'config.json', content: '{"model_type":"tiny"}' },
      { path: 'model.safetensors', size: 200_000, lfs: true },
    ],
  });
}, 60_000);

afterAll(async () => {
  await hub?.close();
  await rm(scratch, { recursive: true, force: true });
});

function runBundle(
  args: string[],
  options: { home?: string; env?: Record<string, string>; node?: string[]; uid?: number } = {},
) {
  return collect(
    spawn(process.execPath, [...(options.node ?? []), '--import', 'tsx', launcher, ...args], {
      cwd: scratch,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
      env: cliEnv(hub.url, join(scratch, options.home ?? 'hf-home'), options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

describe('the CLI bundle', () => {
  it('downloads and verifies a repo from the test hub', async () => {
    const run = await runBundle(['download', 'org/bundled', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const events = run.stdoutLines.map((line) => JSON.parse(line) as { type: string; resultPath?: string });
    expect(events.filter((event) => event.type === 'file-verified')).toHaveLength(2);
    const done = events.find((event) => event.type === 'done');
    expect(done?.resultPath).toBeDefined();
    expect(await readFile(join(done?.resultPath ?? '', 'config.json'), 'utf8')).toBe('{"model_type":"tiny"}');
    // It claimed its files (better-sqlite3's lock, required at run time): the claims' mutex is there.
    expect(await readdir(join(scratch, 'hf-home', 'hub', '.locks', 'models--org--bundled'))).toEqual([
      'hubget.lock',
    ]);
  });

  it("does not load Node's built-in undici (the global fetch's) on the way: start-up time", async () => {
    const loadedList = join(scratch, 'loaded-modules.json');
    const recorder = join(scratch, 'record-loaded-modules.cjs');
    await writeFile(
      recorder,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedList)}, JSON.stringify(process.moduleLoadList)));`,
    );
    const run = await runBundle(['download', 'org/bundled', '--quiet'], {
      home: 'hf-home-modules',
      node: ['--require', recorder],
    });
    expect(run.status).toBe(0);
    const loaded = JSON.parse(await readFile(loadedList, 'utf8')) as string[];
    // The run did load the HTTP client hubget uses (npm undici, bundled) and its parser's dependencies...
    expect(loaded).toContain('NativeModule net');
    // ...but not Node's own copy, which only the global fetch/Headers getters load.
    expect(loaded.filter((name) => name.includes('deps/undici'))).toEqual([]);
  });

  it('prints the package version', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = await runBundle(['download', '--version']);
    expect(run.stdout.trim()).toBe(manifest.version);
    expect(run.status).toBe(0);
  });

  it('compiles from a code cache after the first run, and writes a new one for a rebuilt bundle', async () => {
    const caches = async () => (await readdir(dirname(bundle))).filter((name) => name.endsWith('.v8cache'));
    const report = { REPORT_CODE_CACHE: '1' };
    // Whatever the tests before left.
    removeCodeCaches(bundle);
    expect(await caches()).toEqual([]);
    const first = await runBundle(['download', '--version'], { env: report });
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('code cache: written\n');
    const [written] = await caches();
    expect(written).toMatch(new RegExp(`^${CLI_BUNDLE_FILE}\\.${process.version}-`));
    // V8 took it: the bundle's start skipped compiling what the first run compiled.
    const second = await runBundle(['download', 'org/bundled', '--quiet'], { env: report });
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('code cache: used\n');
    // A rebuilt bundle (here: another modification time) never reads the old cache; its own replaces it.
    await utimes(bundle, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await runBundle(['download', '--version'], { env: report });
    expect(rebuilt.stderr).toBe('code cache: written\n');
    expect(await caches()).toHaveLength(1);
    expect(await caches()).not.toEqual([written]);
    // Written under other V8 flags (as NODE_OPTIONS can set), V8 refuses it: written anew for these, then used.
    const refused = await runBundle(['download', '--version'], { env: report, node: ['--stack-size=900'] });
    expect(refused.stderr).toBe('code cache: rewritten\n');
    const again = await runBundle(['download', '--version'], { env: report, node: ['--stack-size=900'] });
    expect(again.stderr).toBe('code cache: used\n');
  });

  // Only root can run the launcher as another user, who cannot write the bundle's folder (a root install).
  it.skipIf(process.getuid?.() !== 0)(
    "keeps the cache in the user's cache folder when the bundle's folder cannot be written",
    async () => {
      const nobody = 65534;
      const userCache = join(scratch, 'user-cache');
      await mkdir(userCache);
      await chmod(userCache, 0o777);
      await chmod(scratch, 0o755);
      const env = { REPORT_CODE_CACHE: '1', XDG_CACHE_HOME: userCache };
      removeCodeCaches(bundle, env);
      const beside = async () => (await readdir(dirname(bundle))).filter((name) => name.endsWith('.v8cache'));
      const inUserCache = async () => readdir(join(userCache, 'hubget', 'code-cache'));
      const first = await runBundle(['download', '--version'], { env, uid: nobody });
      expect(first.status).toBe(0);
      expect(first.stderr).toBe('code cache: written\n');
      expect(await beside()).toEqual([]);
      // Named for the bundle's path as well, since several installs share the user's folder.
      expect(await inUserCache()).toEqual([
        expect.stringMatching(
          new RegExp(`^${CLI_BUNDLE_FILE}\\.[0-9a-f]{12}\\.${process.version}-.*\\.v8cache$`),
        ),
      ]);
      const second = await runBundle(['download', '--version'], { env, uid: nobody });
      expect(second.stderr).toBe('code cache: used\n');
      // A rebuilt bundle's cache replaces the old one there too.
      await utimes(bundle, new Date(), new Date(Date.now() + 9_000));
      const rebuilt = await runBundle(['download', '--version'], { env, uid: nobody });
      expect(rebuilt.stderr).toBe('code cache: written\n');
      expect(await inUserCache()).toHaveLength(1);
      // Where the folder beside it can be written (root, with a cache folder of its own), a cache goes beside it.
      const rootEnv = { ...env, XDG_CACHE_HOME: join(scratch, 'root-cache') };
      const byRoot = await runBundle(['download', '--version'], { env: rootEnv });
      expect(byRoot.stderr).toBe('code cache: written\n');
      expect(await beside()).toHaveLength(1);
      removeCodeCaches(bundle, env);
      expect(await beside()).toEqual([]);
      expect(await inUserCache()).toEqual([]);
    },
  );

  it('leaves the server out: serve-command and stored-jobs stay imports of the files beside it', async () => {
    const text = await readFile(bundle, 'utf8');
    // Through the launcher's import (IMPORT_BESIDE): a script compiled by `vm.Script` cannot `import()` on Node 20.
    expect(text).toContain(`${IMPORT_BESIDE}("./serve-command.js")`);
    expect(text).toContain(`${IMPORT_BESIDE}("./stored-jobs.js")`);
    expect(text).not.toMatch(/\bimport\(/);
    expect(text).not.toMatch(/fastify/i);
    // better-sqlite3 (a native addon) is neither bundled nor imported at start-up: a download's claims
    // (src/system/file-lock.ts) require it from node_modules when they take their first lock.
    expect(text).not.toMatch(/\bfrom\s*"better-sqlite3"|\bimport\s*"better-sqlite3"/);
    expect(text).toMatch(/createRequire\)?\(hubgetBundleUrl\)\("better-sqlite3"\)/);
  });

  it('leaves the HTTP client out of `hubget ls` and `hubget rm`: their modules never import undici', async () => {
    // In the bundle every module a command reaches is evaluated when it runs: undici's took ≈ 90 ms of the
    // ≈ 0.22 CPU-s `hubget ls` cost when ls-run.ts imported the hub barrel (src/hub/index.ts → http.ts).
    for (const entry of ['ls-run.ts', 'rm-run.ts']) {
      const result = await build({
        entryPoints: [join(REPO_ROOT, 'src', 'cli', entry)],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        outfile: join(scratch, `${entry}.mjs`),
        external: ['better-sqlite3'],
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.length, entry).toBeGreaterThan(10);
      expect(
        inputs.filter((input) => input.includes('node_modules')),
        entry,
      ).toEqual([]);
    }
  });

  it("has every name the sources import from 'undici' at run time in the part of undici it bundles", async () => {
    // scripts/undici-for-cli.cjs stands in for undici's index in the bundle; a name missing there would be
    // undefined at run time, not a build error.
    const imported = new Set<string>();
    for (const file of await readdir(join(REPO_ROOT, 'src'), { recursive: true })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const text = await readFile(join(REPO_ROOT, 'src', file), 'utf8');
      for (const match of text.matchAll(/^import \{([^}]*)\} from 'undici';/gm)) {
        for (const name of (match[1] ?? '').split(',').map((part) => part.trim())) {
          if (name !== '' && !name.startsWith('type ')) imported.add(name);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    const part = createRequire(import.meta.url)(UNDICI_FOR_CLI) as Record<string, unknown>;
    for (const name of imported) expect(typeof part[name], name).toBe('function');
  });
});
