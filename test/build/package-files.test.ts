/**
 * What `npm pack` puts in the package (package.json `files`, and `prepack` building dist/ first): the launcher
 * and everything it and the server load from dist/ — the tsc build, the CLI bundle with the modules it leaves
 * beside it, the default catalog, the web UI the server serves — and no source maps. Checked with npm's own
 * rules (`npm pack --dry-run`, no scripts, nothing fetched) on a scratch copy of the layout, so no build is needed:
 * dist/ is listed in .gitignore, and without `files` npm left it out (a package whose `hubget` could not start).
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_BUNDLE_PATH } from '../../scripts/bundle-cli.js';
import { DEFAULT_CATALOG_PATH } from '../../src/catalog/catalog.js';
import { DEFAULT_WEB_DIR, PACKAGE_ROOT } from '../../src/server/package-root.js';
import { REPO_ROOT } from '../cli/run-cli.js';

interface Manifest {
  bin: Record<string, string>;
  files?: string[];
  scripts: Record<string, string>;
}

const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const cliDir = relative(REPO_ROOT, dirname(CLI_BUNDLE_PATH));

/** What the launcher (bin/hubget), the bundle and `hubget serve` read from the package at run time. */
const needed = [
  ...Object.values(manifest.bin),
  // bin/hubget: the tsc build's entry, the bundle with its launcher, and the rule choosing between them.
  join(cliDir, 'main.js'),
  join(cliDir, 'client-commands.js'),
  join(cliDir, 'client-main.js'),
  join(cliDir, 'bundle-launcher.js'),
  relative(REPO_ROOT, CLI_BUNDLE_PATH),
  // Left out of the bundle and imported beside it (scripts/bundle-cli.ts).
  join(cliDir, 'serve-command.js'),
  join(cliDir, 'stored-jobs.js'),
  // Read relative to the module that loads it, in dist/ as in src/.
  join('dist', relative(REPO_ROOT, DEFAULT_CATALOG_PATH)),
  join(relative(PACKAGE_ROOT, DEFAULT_WEB_DIR), 'index.html'),
  join(relative(PACKAGE_ROOT, DEFAULT_WEB_DIR), 'assets', 'index-abc.js'),
];

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubget-pack-'));
  for (const file of ['package.json', '.gitignore'])
    await copyFile(join(REPO_ROOT, file), join(scratch, file));
  for (const path of [
    ...needed,
    join(cliDir, 'main.js.map'),
    'src/cli/main.ts',
    'test/build/package-files.test.ts',
  ]) {
    await mkdir(join(scratch, dirname(path)), { recursive: true });
    await writeFile(join(scratch, path), '');
  }
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

it('packs the launcher and what it and the server load from dist/, without source maps or sources', () => {
  expect(cliDir).toBe(join('dist', 'src', 'cli'));
  const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'silent' },
    }),
  ) as [{ files: { path: string }[] }];
  const packed = report.files.map((file) => file.path);
  for (const path of needed) expect(packed, path).toContain(path);
  expect(packed.filter((path) => path.endsWith('.map') || /^(src|test)\//.test(path))).toEqual([]);
});

it('builds dist/ before packing, from a clean folder', async () => {
  expect(manifest.scripts.prepack).toMatch(/rmSync\('dist'.*&& npm run build$/);
  // The launcher runs the build it names (else it falls back to tsx, a dev dependency the package lacks).
  const launcher = await readFile(join(REPO_ROOT, manifest.bin.hubget!), 'utf8');
  expect(launcher).toContain("join(root, 'dist', 'src', 'cli')");
  expect(launcher).toContain(`'${basename(CLI_BUNDLE_PATH)}'`);
  expect(launcher).toContain("'client-main.js'");
});
