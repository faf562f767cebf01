/**
 * Test helpers live in test/support/, never beside the code: `npm run build` compiles all of src/ except
 * `*.test.ts`, so a helper under src/ would ship in dist/ (and one importing vitest would break there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const isShippedSource = (file: string) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file);

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(source: string): string[] {
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] as string);
}

describe('code that ships in dist/', () => {
  const all = filesUnder('src');
  const files = all.filter(isShippedSource);

  it('finds the shipped sources', () => {
    expect(files).toContain('src/defaults.ts');
    expect(
      importsOf("import { a } from './a.js';\nexport { b } from \"vitest\";\nawait import('../x.js');"),
    ).toEqual(['./a.js', 'vitest', '../x.js']);
  });

  it('imports no test framework and no test helper', () => {
    const offenders = files.flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8'))
        .filter(
          (specifier) =>
            /^(?:vitest|@vitest\/|@testing-library\/|jsdom$)/.test(specifier) ||
            /(?:^|\/)test\//.test(specifier),
        )
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has no test helpers by name', () => {
    const helpers = files.filter((file) =>
      /^(?:test|fake|mock|stub|fixture|harness)s?[-.]|[-.](?:harness|fixtures?)\./.test(basename(file)),
    );
    expect(helpers).toEqual([]);
  });

  it('has no helper folders of its own', () => {
    const helperFolders = all.filter((file) =>
      /\/(?:testing|test-support|__tests__|fixtures|manual)\//.test(file),
    );
    expect(helperFolders).toEqual([]);
  });
});
