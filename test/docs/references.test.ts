/**
 * The repository stands on its own: every document, file and section that a comment or a document names
 * exists in it, and nothing points outside it. Rules (docs/hub-protocol.md, introduction):
 * - `docs/<name>.md` (from the repository root) and relative Markdown links must name existing files;
 * - source files named alone (`<name>.ts`) must exist somewhere in the repository;
 * - file paths from the root (`src/…/<name>.<ext>`, `test/…`, `web/…`, `bench/…`, `docs/…`, `.ci/…`) and
 *   folders written with a trailing `/` must exist (a `.js` path may name its `.ts` source);
 * - `<name>.md §a.b` (chains such as `§1.3–§1.5, §2.4` included) must name a numbered heading of that document;
 * - `<name>.md, "Title"` must name a heading of that document, or a bold lead-in (`**Reconnecting.**`);
 * - a bare `§a.b` means the document itself in a document with numbered headings, else docs/hub-protocol.md;
 * - no file names a document that lived outside the repository, or a folder outside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED_ROOTS = ['src', 'test', 'web', 'bench', 'docs', 'scripts', 'bin', '.ci'];
const SCANNED_TOP_FILES = ['README.md', 'Dockerfile', 'compose.yaml', 'package.json', 'vitest.config.ts'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'bench/results']);
const TEXT_EXTENSIONS = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.mjs',
  '.md',
  '.json',
  '.yaml',
  '.yml',
  '.css',
  '.html',
  '',
]);
/** Generated at run time, git-ignored: named by docs, never committed. */
const GENERATED_PATHS = [/^bench\/results\//, /^dist\//];
/** Documents that cite other repositories' files by those repositories' own paths. */
const EXTERNAL_SOURCE_DOCS = new Set([
  'docs/hub-protocol.md',
  'docs/hub-disk-layout.md',
  'docs/hub-downloaders.md',
]);
const DEFAULT_SECTION_DOC = 'docs/hub-protocol.md';

// Spelled in parts so that the integrator's mechanical rewrite of citations leaves this list alone.
const OUTSIDE_NAMES = [
  ['hf-protocol', 'md'],
  ['origin-note', 'md'],
].map((parts) => parts.join('.'));
const OUTSIDE_FOLDERS = [['', 'work', 'shared'].join('/'), ['..', 'shared', ''].join('/')];

interface Problem {
  file: string;
  line: number;
  message: string;
}

function listFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_DIRS.has(path)) walk(path);
      } else if (entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name))) {
        files.push(path);
      }
    }
  };
  for (const root of SCANNED_ROOTS) if (existsSync(join(ROOT, root))) walk(root);
  for (const file of SCANNED_TOP_FILES) if (existsSync(join(ROOT, file))) files.push(file);
  return files;
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

function pathExists(path: string): boolean {
  const clean = path.replace(/[.,:;]+$/, '');
  if (GENERATED_PATHS.some((pattern) => pattern.test(clean))) return true;
  if (existsSync(join(ROOT, clean))) return true;
  // A compiled name (`.js`) may stand for its source.
  const source = clean.replace(/\.js$/, '');
  return source !== clean && ['.ts', '.tsx'].some((ext) => existsSync(join(ROOT, source + ext)));
}

const headingCache = new Map<string, Set<string>>();
/** Numbers of a document's numbered headings: `### 6.4 Temp file names` → "6.4". */
function sectionsOf(doc: string): Set<string> {
  let sections = headingCache.get(doc);
  if (sections === undefined) {
    sections = new Set();
    const text = existsSync(join(ROOT, doc)) ? readFileSync(join(ROOT, doc), 'utf8') : '';
    for (const match of text.matchAll(/^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/gm)) sections.add(match[1] as string);
    headingCache.set(doc, sections);
  }
  return sections;
}

const titleCache = new Map<string, string[]>();
/** What a quoted title may name in a document: its headings and its bold lead-ins, lower-cased. */
function titlesOf(doc: string): string[] {
  let titles = titleCache.get(doc);
  if (titles === undefined) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    titles = [
      ...[...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => match[1] as string),
      ...[...text.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1] as string),
    ].map((title) => title.toLowerCase());
    titleCache.set(doc, titles);
  }
  return titles;
}

/** `docs/<name>.md` from the root; `<name>.md` in docs/ when it exists there, else relative to the citing file. */
function resolveDoc(name: string, citingFile: string): string {
  if (name.includes('/')) {
    const fromRoot = name.replace(/^\.\//, '');
    if (existsSync(join(ROOT, fromRoot))) return fromRoot;
    return relative(ROOT, resolve(ROOT, dirname(citingFile), name));
  }
  if (existsSync(join(ROOT, 'docs', name))) return `docs/${name}`;
  return relative(ROOT, resolve(ROOT, dirname(citingFile), name));
}

const SECTION = String.raw`\d+(?:\.\d+)*`;
/** A chain of section numbers after `§`: `§1.3–§1.5, §2.4`, `§2.1–2.3`, `§1.6/§1.8`, `§1.3(b)`. */
const CHAIN = new RegExp(
  String.raw`§\s?(${SECTION})(?:\(\w\))?((?:\s?(?:[–/-]|,|and)\s?(?:§\s?)?${SECTION}(?:\(\w\))?)*)`,
  'g',
);
/** A document name followed (across a comment line break) by a chain. */
const CITED_DOC = /([\w./-]+\.md)\)?[\s*/#]*(?=§)/g;
/**
 * A document name, then a quoted title (across a comment line break too): `docs/mirror.md, "Offline and
 * cache-first"`, `docs/api-hub-system.md "Reconnecting"`.
 */
const CITED_TITLE = /([\w./-]+\.md)\)?,?[\s*/#]+"([^"\n]+(?:\n[\s*/#]*[^"\n]+)?)"/g;
/** External specifications cited by their own § numbers. */
const EXTERNAL_SPEC_BEFORE = /(?:RFC\s?\d+|HTML|WHATWG|ECMA-?\d*|POSIX)\s*$/;

function chainNumbers(first: string, rest: string): string[] {
  return [first, ...[...rest.matchAll(new RegExp(SECTION, 'g'))].map((m) => m[0])];
}

const FILES = listFiles();
const BASENAMES = new Set(FILES.map((file) => basename(file)));

/** The problems of `text`, the content of `file` (a path from the root). */
function checkText(file: string, text: string, problems: Problem[]): void {
  const report = (index: number, message: string) =>
    problems.push({ file, line: lineOf(text, index), message });

  for (const name of [...OUTSIDE_NAMES, ...OUTSIDE_FOLDERS]) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      report(at, `names ${name}, which is outside the repository`);
    }
  }

  // A path counts when its last part has an extension or it ends in `/` (`bench/big` is a repo id).
  const rootPaths =
    /(?<![\w/.@~-])(?:src|test|web|bench|docs|scripts|\.ci)\/(?:[\w.-]+\/)*(?:[\w-]+\.[\w.]*\w)?/g;
  for (const match of text.matchAll(rootPaths)) {
    // Other repositories' `src/…` and `docs/…` files, cited by their own paths, are not ours to check.
    if (EXTERNAL_SOURCE_DOCS.has(file) && !/^test\/|\.tsx?$/.test(match[0])) continue;
    if (!pathExists(match[0])) report(match.index, `names ${match[0]}, which does not exist`);
  }

  // A source file named without its folder (`external-scan.ts`) must still exist somewhere.
  if (!EXTERNAL_SOURCE_DOCS.has(file)) {
    for (const match of text.matchAll(/(?<![\w/.@~-])[\w-]+(?:\.[\w-]+)*\.tsx?\b/g)) {
      if (!BASENAMES.has(match[0])) report(match.index, `names ${match[0]}, which does not exist`);
    }
  }

  if (file.endsWith('.md')) {
    for (const match of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      const target = match[1] as string;
      if (/^[a-z]+:/.test(target)) continue;
      const path = relative(ROOT, resolve(ROOT, dirname(file), target));
      if (!pathExists(path)) report(match.index, `links to ${target}, which does not exist`);
    }
  }

  for (const match of text.matchAll(CITED_TITLE)) {
    const doc = resolveDoc(match[1] as string, file);
    if (!doc.endsWith('.md') || !existsSync(join(ROOT, doc))) continue;
    const title = (match[2] as string).replace(/\s*\n[\s*/#]*/g, ' ').toLowerCase();
    if (!titlesOf(doc).some((named) => named.includes(title))) {
      report(match.index, `cites ${doc}, "${match[2]}", which has no such heading or bold lead-in`);
    }
  }

  // Citations with a document name, then bare ones.
  const cited = new Set<number>();
  for (const docMatch of text.matchAll(CITED_DOC)) {
    const doc = resolveDoc(docMatch[1] as string, file);
    CHAIN.lastIndex = docMatch.index + docMatch[0].length;
    const chain = CHAIN.exec(text);
    if (chain === null || chain.index !== CHAIN.lastIndex - chain[0].length) continue;
    if (chain.index !== docMatch.index + docMatch[0].length) continue;
    cited.add(chain.index);
    if (!existsSync(join(ROOT, doc))) {
      report(docMatch.index, `cites ${docMatch[1]}, which does not exist`);
      continue;
    }
    for (const section of chainNumbers(chain[1] as string, chain[2] as string)) {
      if (!sectionsOf(doc).has(section))
        report(chain.index, `cites ${doc} §${section}, which has no such section`);
    }
  }
  // matchAll starts at the regex's lastIndex, which the named citations' exec calls above leave past the last
  // of them: without the reset, bare citations before it went unchecked.
  CHAIN.lastIndex = 0;
  const ownSections = file.endsWith('.md') && sectionsOf(file).size > 0;
  const bareDoc = ownSections ? file : DEFAULT_SECTION_DOC;
  for (const chain of text.matchAll(CHAIN)) {
    if (cited.has(chain.index)) continue;
    const lineStart = text.lastIndexOf('\n', chain.index) + 1;
    if (EXTERNAL_SPEC_BEFORE.test(text.slice(lineStart, chain.index))) continue;
    for (const section of chainNumbers(chain[1] as string, chain[2] as string)) {
      if (!sectionsOf(bareDoc).has(section))
        report(chain.index, `cites §${section}; ${bareDoc} has no such section`);
    }
  }
}

describe('references inside the repository', () => {
  const files = FILES;

  it('scans the sources, tests, web UI, benchmark and documents', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/hub-protocol.md');
    expect(files.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(50);
    expect(sectionsOf('docs/hub-protocol.md')).toContain('1.3');
    expect(sectionsOf('docs/hub-downloaders.md')).toContain('6.4');
  });

  it('names only documents, files and sections that exist in the repository', () => {
    const problems: Problem[] = [];
    for (const file of files) checkText(file, readFileSync(join(ROOT, file), 'utf8'), problems);
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('checks a bare citation that comes before a named one', () => {
    // Spelled in parts, like OUTSIDE_NAMES, so that the scan of this file does not see the citations.
    const s = '§';
    const problems: Problem[] = [];
    checkText('src/defaults.ts', `// ${s}99.1 first, then docs/hub-protocol.md ${s}1.3\n`, problems);
    expect(problems.map((p) => p.message)).toEqual([
      `cites ${s}99.1; docs/hub-protocol.md has no such section`,
    ]);
  });
});
