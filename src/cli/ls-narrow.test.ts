/**
 * `hubget ls` on a narrow terminal: its table fits (format-table.ts), a partial download's state shortened and
 * columns left out, WHERE never cut: in its column where the table fits with it, else whole below each row
 * (table-paths.ts), on one line even when longer than a line (the terminal wraps it, and it copies as one line);
 * a repo id too long for its column on a line above its row, instead of every row wrapping.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMIT, cachedRepo, ttyIo } from '../../test/support/cli/ls-cache.js';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { runLs } from './ls-run.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-ls-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/**
 * The table's rows (the lines that say a size, up to the total) and, for each, the indented lines below it (its
 * path, on one line). A line at the edge is a repo id said above its row.
 */
function rowsOf(lines: readonly string[]): { line: string; below: string[] }[] {
  const rows: { line: string; below: string[] }[] = [];
  let inPath = false;
  for (const line of lines.slice(1)) {
    if (/^\d+ repos?\b/.test(line)) break;
    if (/\d (B|kB|MB|GB)\b/.test(line)) {
      rows.push({ line, below: [] });
      inPath = true;
    } else if (!line.startsWith('  ')) inPath = false;
    else if (inPath) rows.at(-1)!.below.push(line);
  }
  return rows;
}

describe('hubget ls on a narrow terminal', () => {
  it('fits a 60-column terminal: no line is wider but a path, the partial state said short, each path whole below its row', async () => {
    const cacheDir = join(dir, 'a-rather-long-cache-folder', 'huggingface', 'hub');
    await cachedRepo(cacheDir, 'org/model-with-a-long-name', 14_620_000);
    await cachedRepo(cacheDir, 'org/done', 0);
    const { io, lines } = ttyIo(60);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    const paths = [
      join(cacheDir, 'models--org--done'),
      join(cacheDir, 'models--org--model-with-a-long-name'),
    ];
    // Every line fits but the paths, longer than a line: each whole on its line, which the terminal wraps.
    expectWholePaths(lines(), 60, paths);
    // The table without WHERE, one line per repo; the repo id whole.
    expect(lines()[0]).toMatch(/^REPO +TYPE +SIZE +STATE$/);
    const rows = rowsOf(lines());
    expect(rows.map((row) => row.line)).toEqual([
      expect.stringMatching(/^org\/done +model +1\.00 kB +ok$/),
      expect.stringMatching(/^org\/model-with-a-long-name +model +1\.00 kB +partial$/),
    ]);
    // Each path whole (not `…ls--org--done`) on one indented line below its row, not broken after a `/` where
    // it is longer than a line: a newline and an indent in the middle of a path were copied with it.
    expect(rows.map((row) => row.below)).toEqual(paths.map((path) => [`  ${path}`]));
    // The bytes the shortened state leaves out are on the last line, itself shortened to fit.
    expect(lines().at(-1)).toBe('2 repos, 2.00 kB on disk, 14.62 MB unfinished');
  });

  it('keeps one row per repo with WHERE in its column when the table fits (120 columns)', async () => {
    const cacheDir = join(dir, 'hub');
    await cachedRepo(cacheDir, 'org/done', 0);
    await cachedRepo(cacheDir, 'org/model', 0);
    const { io, lines } = ttyIo(120);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines()).toHaveLength(4);
    expect(lines()[0]).toMatch(/^REPO +TYPE +REVISIONS +SIZE +FILES +STATE +MODIFIED +WHERE$/);
    expect(lines()[1]).toMatch(
      new RegExp(`^org/done +model +1 +1\\.00 kB +1 +ok +\\S+  ${join(cacheDir, 'models--org--done')}$`),
    );
    for (const line of lines()) expect(line.length, line).toBeLessThanOrEqual(120);
  });

  it('at 40 columns says a repo id too long for its column on a line above its row, and every path whole', async () => {
    const cacheDir = join(dir, 'hub');
    const long = 'some-organisation/a-model-with-a-rather-long-name';
    await cachedRepo(cacheDir, 'org/a', 0);
    await cachedRepo(cacheDir, long, 0);
    const { io, lines } = ttyIo(40);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    const paths = [
      join(cacheDir, 'models--org--a'),
      join(cacheDir, 'models--some-organisation--a-model-with-a-rather-long-name'),
    ];
    expectWholePaths(lines(), 40, [long, ...paths]);
    // The room the long id leaves above its row takes back TYPE and REVISIONS, left out while it was in its row.
    expect(lines()[0]).toMatch(/^REPO +TYPE +REVISIONS +SIZE +STATE$/);
    // The short id stays in its row; the long one (49 characters) goes whole above its row (the id is typed into
    // `hubget rm`: copied, it is not broken after its `/`), instead of widening the column so that every row wrapped.
    expect(lines()[1]).toMatch(/^org\/a +model +1 +1\.00 kB +ok$/);
    const longAt = lines().indexOf(long);
    expect(lines()[longAt + 1]).toMatch(/^ +model +1 +1\.00 kB +ok$/);
    expect(rowsOf(lines()).map((row) => row.below)).toEqual(paths.map((path) => [`  ${path}`]));
  });

  it('at 60 columns keeps a short repo id in its row beside cut quantizations; only a long id goes above', async () => {
    const cacheDir = join(dir, 'hub');
    const long = 'TheBloke/Mistral-7B-Instruct-v0.2-GGUF';
    await cachedRepo(cacheDir, 'org/small', 0);
    for (const repoId of ['TheBloke/tiny-GGUF', long]) {
      await cachedRepo(cacheDir, repoId, 0);
      const repoDir = join(cacheDir, `models--${repoId.replace('/', '--')}`);
      for (const [index, quant] of ['Q2_K', 'IQ4_XS', 'Q4_K_M', 'Q6_K', 'Q8_0'].entries()) {
        const blob = String(index).repeat(64);
        await writeFile(join(repoDir, 'blobs', blob), 'g'.repeat(100));
        await symlink(`../../blobs/${blob}`, join(repoDir, 'snapshots', COMMIT, `tiny.${quant}.gguf`));
      }
    }
    const { io, lines } = ttyIo(60);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines()[0]).toMatch(/^REPO +SIZE +QUANTS +STATE$/);
    // Whole lists left REPO 7 columns: `org/small` and `TheBloke/tiny-GGUF` went above their rows too, every row
    // on two lines. They stay in their rows; the 38-character id goes above its own.
    expect(rowsOf(lines()).map((row) => row.line)).toEqual([
      expect.stringMatching(/^org\/small +1\.00 kB +- +ok$/),
      expect.stringMatching(/^ +1\.50 kB +IQ4_XS, Q2_K, Q4_K_M, \+2 +ok$/),
      expect.stringMatching(/^TheBloke\/tiny-GGUF +1\.50 kB +IQ4_XS, Q2_K, Q4_K_M, \+2 +ok$/),
    ]);
    expect(lines()[lines().indexOf(long) + 1]).toMatch(/^ +1\.50 kB/);
    const paths = ['org--small', 'TheBloke--tiny-GGUF', 'TheBloke--Mistral-7B-Instruct-v0.2-GGUF'].map(
      (name) => join(cacheDir, `models--${name}`),
    );
    expectWholePaths(lines(), 60, [long, ...paths]);
  });
});
