/**
 * `hubget ls`: its total line, shortened on a narrow terminal too (the table itself at 40, 60 and 120 columns:
 * ls-narrow.test.ts), its QUANTS, and its STATE by the server's rule: the latest plan of hubget's server (its
 * stored jobs) checked on disk, as GET /api/models reads `partial`.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMIT, cachedRepo, ttyIo } from '../../test/support/cli/ls-cache.js';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { sampleStoredJob } from '../../test/support/store-contract.js';
import { shortHashOfPath } from '../cache/local-dir-layout.js';
import { writeLocalMetadata } from '../cache/local-dir-metadata.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { openSqliteStore, STORE_FILE_NAME, type StoredJob } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { runLs } from './ls-run.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-ls-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('hubget ls', () => {
  it('puts the unfinished bytes on a line of their own when the short total does not fit either', async () => {
    const cacheDir = join(dir, 'hub');
    await cachedRepo(cacheDir, 'org/model', 14_620_000);
    const { io, lines } = ttyIo(40);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines().slice(-2)).toEqual(['1 repo, 1.00 kB on disk', '14.62 MB unfinished']);
    expectWholePaths(lines(), 40, [join(cacheDir, 'models--org--model')]);
  });

  it('counts a repo in the HF cache and in a local dir once, with its copies', async () => {
    const cacheDir = join(dir, 'hub');
    await cachedRepo(cacheDir, 'org/model', 0);
    await cachedRepo(cacheDir, 'org/other', 0);
    const local = join(dir, 'models', 'model');
    await mkdir(local, { recursive: true });
    await writeLocalDirMarker(local, { repoId: 'org/model', repoType: 'model', commit: COMMIT });
    await writeFile(join(local, 'config.json'), 'x'.repeat(1000));
    await writeLocalMetadata(local, 'config.json', { commit: COMMIT, etag: 'e', timestamp: 1 });
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines()).toHaveLength(5);
    // Three rows of two repos: not `3 repos`.
    expect(lines().at(-1)).toBe('2 repos (3 copies), 3.00 kB on disk');
  });

  it('names no repo for a local dir no marker names (its folder is no repo id), which WHERE says', async () => {
    const local = join(dir, 'models', 'hf-made');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'config.json'), 'x'.repeat(1000));
    await writeLocalMetadata(local, 'config.json', { commit: COMMIT, etag: 'e', timestamp: 1 });
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir: join(dir, 'hub'), modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines()[1]).toMatch(new RegExp(`^\\(not named\\) +model .*${local}$`));
  });

  it('prints whole rows when stdout is not a terminal', async () => {
    const cacheDir = join(dir, 'hub');
    await cachedRepo(cacheDir, 'org/model', 14_620_000);
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
    expect(lines()[0]).toMatch(/^REPO +TYPE +REVISIONS +SIZE +FILES +STATE +MODIFIED +WHERE$/);
    expect(lines()[1]).toContain(`partial (1 unfinished, 14.62 MB)`);
    expect(lines()[1]).toMatch(new RegExp(`${join(cacheDir, 'models--org--model')}$`));
    expect(lines()[2]).toBe('1 repo, 1.00 kB on disk (and 14.62 MB in unfinished downloads)');
  });

  it('names the GGUF quantizations a repo holds whole (a split one with a shard missing is not one), - for others', async () => {
    const cacheDir = join(dir, 'hub');
    await cachedRepo(cacheDir, 'org/plain', 0);
    await cachedRepo(cacheDir, 'org/gguf', 0);
    const snapshot = join(cacheDir, 'models--org--gguf', 'snapshots', COMMIT);
    const files = [
      'M-Q4_K_M.gguf',
      'M-Q8_0-00001-of-00002.gguf',
      'M-Q8_0-00002-of-00002.gguf',
      'M-F16-00001-of-00002.gguf',
    ];
    for (const [index, name] of files.entries()) {
      const blob = String(index).repeat(64);
      await writeFile(join(cacheDir, 'models--org--gguf', 'blobs', blob), 'g'.repeat(100));
      await symlink(`../../blobs/${blob}`, join(snapshot, name));
    }
    const whole = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, whole.io)).toBe(0);
    const [header, gguf, plain] = whole.lines();
    expect(header).toMatch(/^REPO +TYPE +REVISIONS +SIZE +QUANTS +FILES +STATE +MODIFIED +WHERE$/);
    expect(gguf).toMatch(/^org\/gguf +model +1 +1\.40 kB +Q4_K_M, Q8_0 +5 +ok /);
    expect(plain).toMatch(/^org\/plain +model +1 +1\.00 kB +- +1 +ok /);
    // On a narrow terminal the quantizations stay whole; the path goes below the row.
    const narrow = ttyIo(60);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, narrow.io)).toBe(0);
    expect(narrow.lines()[0]).toMatch(/^REPO +TYPE +REVISIONS +SIZE +QUANTS +STATE$/);
    expect(narrow.lines()[1]).toMatch(/^org\/gguf +model +1 +1\.40 kB +Q4_K_M, Q8_0 +ok$/);
    expect(narrow.lines()[2]).toBe(`  ${join(cacheDir, 'models--org--gguf')}`);
    for (const line of narrow.lines()) expect(line.length, line).toBeLessThanOrEqual(60);
  });

  it('keeps a long repo id whole on a narrow terminal, above its row where the quantizations need the room', async () => {
    const cacheDir = join(dir, 'hub');
    const repoId = 'bartowski/Llama-3.2-1B-Instruct-GGUF';
    await cachedRepo(cacheDir, repoId, 0);
    const repoDir = join(cacheDir, 'models--bartowski--Llama-3.2-1B-Instruct-GGUF');
    const quants = ['Q2_K', 'Q3_K_M', 'Q4_K_M', 'Q5_K_M', 'Q6_K', 'Q8_0'];
    for (const [index, quant] of quants.entries()) {
      const blob = String(index).repeat(64);
      await writeFile(join(repoDir, 'blobs', blob), 'g'.repeat(100));
      await symlink(`../../blobs/${blob}`, join(repoDir, 'snapshots', COMMIT, `Llama-${quant}.gguf`));
    }
    const linesAt = async (columns: number) => {
      const { io, lines } = ttyIo(columns);
      expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
      expectWholePaths(lines(), columns, [repoId, repoDir]);
      return lines();
    };
    // At 80 columns every quantization is said: the id goes whole on a line of its own above its row (in its row
    // it left QUANTS `Q2_K, Q3_K_M, Q4_K_M, +3`), and the room it leaves takes back TYPE and REVISIONS.
    const eighty = await linesAt(80);
    expect(eighty[0]).toMatch(/^REPO +TYPE +REVISIONS +SIZE +QUANTS +STATE$/);
    expect(eighty.slice(1, 3)).toEqual([
      repoId,
      expect.stringMatching(/^ +model +1 +1\.60 kB +Q2_K, Q3_K_M, Q4_K_M, Q5_K_M, Q6_K, Q8_0 +ok$/),
    ]);
    // Too narrow for all of them even so: whole names, the rest counted (not `Q4_K…`); the id still whole.
    const fifty = await linesAt(50);
    expect(fifty[0]).toMatch(/^REPO +SIZE +QUANTS +STATE$/);
    expect(fifty.slice(1, 3)).toEqual([
      repoId,
      expect.stringMatching(/^ +1\.60 kB +Q2_K, Q3_K_M, Q4_K_M, \+3 +ok$/),
    ]);
  });

  it('shows no time (not 1970-01-01) for a local dir whose first file is still downloading, and null in --json', async () => {
    const modelsDir = join(dir, 'models');
    const local = join(modelsDir, 'chat');
    await writeLocalDirMarker(local, {
      repoId: 'org/chat',
      repoType: 'model',
      commit: COMMIT,
      unfinished: true,
    });
    const temp = `${shortHashOfPath('model.gguf')}.${'a'.repeat(64)}.0badc0de.incomplete`;
    await mkdir(join(local, '.cache', 'huggingface', 'download'), { recursive: true });
    await writeFile(join(local, '.cache', 'huggingface', 'download', temp), 'y'.repeat(4100));
    const table = ttyIo(undefined);
    expect(await runLs({ cacheDir: join(dir, 'hub'), modelsDir }, table.io)).toBe(0);
    expect(table.lines()[1]).toMatch(/^org\/chat .*partial \(1 unfinished, 4\.10 kB\) +— +\//);
    const json = ttyIo(undefined);
    expect(await runLs({ cacheDir: join(dir, 'hub'), modelsDir, json: true }, json.io)).toBe(0);
    expect(JSON.parse(json.lines()[0]!)).toMatchObject({ repoId: 'org/chat', files: 0, lastModified: null });
  });
});

/** A server data folder whose store holds these jobs, each with its listed files. */
async function serverJobs(
  dataDir: string,
  jobs: { job: Partial<StoredJob>; files: { path: string; size: number }[] }[],
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const store = openSqliteStore(join(dataDir, STORE_FILE_NAME));
  try {
    for (const { job, files } of jobs) {
      store.insertJob(sampleStoredJob(job));
      store.replaceJobFiles(
        job.id ?? 'job-1',
        files.map((file) => ({ ...file, downloaded: 0, state: 'pending' as const })),
      );
    }
  } finally {
    store.close();
  }
}

const PLANNED = [
  { path: 'config.json', size: 1000 },
  { path: 'model.bin', size: 5000 },
];

describe('hubget ls, with the plans of hubget server', () => {
  it("says partial for a repo that lacks a file of the server's latest plan (a cancelled job), as /api/models does", async () => {
    const cacheDir = join(dir, 'hub');
    const dataDir = join(dir, 'data');
    await cachedRepo(cacheDir, 'org/multi', 0);
    await serverJobs(dataDir, [
      // An older attempt that planned only the file on disk: the latest attempt speaks, not this one.
      {
        job: {
          id: 'old',
          repoId: 'org/multi',
          state: 'completed',
          commit: COMMIT,
          finishedAt: 1_700_000_100_000,
        },
        files: [PLANNED[0]!],
      },
      {
        job: {
          id: 'new',
          repoId: 'org/multi',
          state: 'cancelled',
          commit: COMMIT,
          finishedAt: 1_700_000_200_000,
        },
        files: PLANNED,
      },
    ]);
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir }, io)).toBe(0);
    expect(lines()[1]).toMatch(/^org\/multi +model +1 +1\.00 kB +1 +partial \(1 of 2 files missing\) /);
    const json = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir, json: true }, json.io)).toBe(0);
    expect(JSON.parse(json.lines()[0]!).plan).toEqual({
      jobId: 'new',
      commit: COMMIT,
      files: 2,
      bytes: 6000,
      missingFiles: 1,
      missingBytes: 5000,
    });
  });

  it('says ok when the latest plan is all there, or is of a snapshot the cache does not hold', async () => {
    const cacheDir = join(dir, 'hub');
    const dataDir = join(dir, 'data');
    await cachedRepo(cacheDir, 'org/done', 0);
    await cachedRepo(cacheDir, 'org/other-commit', 0);
    await serverJobs(dataDir, [
      { job: { id: 'a', repoId: 'org/done', state: 'completed', commit: COMMIT }, files: [PLANNED[0]!] },
      {
        job: { id: 'b', repoId: 'org/other-commit', state: 'cancelled', commit: 'd'.repeat(40) },
        files: PLANNED,
      },
    ]);
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir }, io)).toBe(0);
    for (const row of lines().slice(1, 3)) expect(row).toMatch(/ kB +1 +ok +\d{4}-/);
  });

  it("checks a local-dir job's plan against its folder under the models folder", async () => {
    const modelsDir = join(dir, 'models');
    const dataDir = join(dir, 'data');
    const local = join(modelsDir, 'multi');
    await mkdir(local, { recursive: true });
    await writeLocalDirMarker(local, { repoId: 'org/multi', repoType: 'model', commit: COMMIT });
    await writeFile(join(local, 'config.json'), 'x'.repeat(1000));
    await writeLocalMetadata(local, 'config.json', { commit: COMMIT, etag: 'e', timestamp: 1 });
    await serverJobs(dataDir, [
      {
        job: { id: 'l', repoId: 'org/multi', state: 'cancelled', commit: COMMIT, localDir: local },
        files: PLANNED,
      },
    ]);
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir: join(dir, 'hub'), modelsDir, dataDir }, io)).toBe(0);
    expect(lines()[1]).toMatch(/^org\/multi .* partial \(1 of 2 files missing\) .* \S+\/models\/multi$/);
  });

  it("lists from disk alone, with a warning, when the server's store cannot be read", async () => {
    const cacheDir = join(dir, 'hub');
    const dataDir = join(dir, 'data');
    await cachedRepo(cacheDir, 'org/model', 0);
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, STORE_FILE_NAME),
      'not a database, but long enough to be read as a page header',
    );
    const stderr = new PassThrough();
    let warnings = '';
    stderr.on('data', (chunk: Buffer) => {
      warnings += chunk.toString();
    });
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir }, { ...io, stderr })).toBe(0);
    expect(lines()[1]).toMatch(/ kB +1 +ok +\d{4}-/);
    expect(warnings).toMatch(
      new RegExp(
        `^warning: ${join(dataDir, STORE_FILE_NAME)} — cannot read hubget server's jobs \\(.+\\); states from disk alone\n$`,
      ),
    );
  });

  it('opens no store where no server ran: the data folder stays without one', async () => {
    const cacheDir = join(dir, 'hub');
    const dataDir = join(dir, 'no-server');
    await cachedRepo(cacheDir, 'org/model', 14_620_000);
    const { io, lines } = ttyIo(undefined);
    expect(await runLs({ cacheDir, modelsDir: join(dir, 'models'), dataDir }, io)).toBe(0);
    expect(lines()[1]).toContain('partial (1 unfinished, 14.62 MB)');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('hubget ls with nothing installed', () => {
  it('breaks its note at spaces on a terminal; piped, one line', async () => {
    const note = async (terminal: boolean) => {
      const stderr = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 40 } : {});
      let text = '';
      stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      const io: CliIo = { stdout: new PassThrough(), stderr, env: {}, onSignal: () => () => {} };
      const cacheDir = join(dir, 'empty', 'hub');
      expect(await runLs({ cacheDir, modelsDir: join(dir, 'models') }, io)).toBe(0);
      return text;
    };
    const piped = await note(false);
    // No period glued to the path (a double-click copied it with the path).
    expect(piped).toBe(`Nothing installed in ${join(dir, 'empty', 'hub')} or ${join(dir, 'models')}\n`);
    const lines = (await note(true)).split('\n').filter((line) => line !== '');
    expect(lines[0]).toBe('Nothing installed in');
    expect(lines.map((line) => line.trim()).join(' ')).toBe(piped.trim());
  });
});
