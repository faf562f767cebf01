/**
 * Every installed package runs on the oldest Node that hubget's `engines` allows (the machines here run Node
 * 20): a package that asks for a newer one (content-disposition 3, cookie 2: Node ≥ 22) may use its APIs in
 * any release, and `npm ci` warns `EBADENGINE` for it. See README.md, "Development".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Manifest {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

/** Every package folder under a node_modules folder, nested ones included. */
function packagesUnder(modules: string): string[] {
  if (!existsSync(modules)) return [];
  return readdirSync(modules, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name.startsWith('.')) return [];
    const path = join(modules, entry.name);
    if (entry.name.startsWith('@')) return packagesUnder(path);
    return [path, ...packagesUnder(join(path, 'node_modules'))];
  });
}

it('installs no package that needs a newer Node than hubget supports', () => {
  const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const oldest = semver.minVersion(own.engines?.node ?? '')?.version;
  expect(oldest, 'package.json engines.node').toBeDefined();
  const packages = packagesUnder(join(ROOT, 'node_modules'));
  expect(packages.length).toBeGreaterThan(100);
  const tooNew: string[] = [];
  for (const folder of packages) {
    const file = join(folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    const wanted = manifest.engines?.node;
    if (wanted && semver.validRange(wanted) && !semver.satisfies(oldest!, wanted)) {
      tooNew.push(`${manifest.name}@${manifest.version} needs node ${wanted}`);
    }
  }
  expect(tooNew).toEqual([]);
});
