/**
 * End-to-end: `hubget info REPO[@REV][:QUANT]` against the test hub: access (public, gated with and without a
 * token, no access), files by group, GGUF quantizations with the default marked and what of them is here (the
 * HF cache, a local dir), `--files`, `:QUANT`'s files, a file's URL, `--json`, and the refusals (an unknown
 * quantization, a repo the Hub does not know, a hostile id that never reaches the Hub).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InfoReport } from '../../src/cli/info-report.js';
import { ggufCliFixture } from './gguf-cli.js';
import { runCli } from './run-cli.js';

const cli = ggufCliFixture('hubget-info-');
const { env } = cli;

const info = async (args: string[], extra: Record<string, string> = {}) => {
  const run = await runCli(['info', ...args], { ...env(), ...extra });
  expect(run.status, run.stderr).toBe(0);
  return run;
};
const infoJson = async (args: string[], extra: Record<string, string> = {}): Promise<InfoReport> =>
  JSON.parse((await info([...args, '--json'], extra)).stdout) as InfoReport;

beforeAll(async () => {
  await cli.hub.addRepo({
    repoId: 'org/plain',
    meta: { downloads: 1234, likes: 7, tags: ['license:apache-2.0', 'text-generation'] },
    files: [
      { path: 'model-00001-of-00002.safetensors', size: 3000 },
      { path: 'model-00002-of-00002.safetensors', size: 2000 },
      { path: 'config.json', size: 20 },
      { path: 'tokenizer.json', size: 30 },
    ],
  });
  await cli.hub.addRepo({ repoId: 'org/gated', gated: true, files: [{ path: 'model.bin', size: 100 }] });
  await cli.hub.addRepo({
    repoId: 'org/gated-denied',
    gated: true,
    gatedAccess: false,
    files: [{ path: 'model.bin', size: 100 }],
  });
});

describe('hubget info', () => {
  it('lists the quantizations with their sizes, the default marked, and what a download would take', async () => {
    const run = await info(['org/tiny-gguf']);
    expect(run.stdoutLines[0]).toBe(`org/tiny-gguf @ main (${cli.gguf.commit.slice(0, 7)}) · model · public`);
    expect(run.stdout).toContain('Not on this machine');
    const header = run.stdoutLines.findIndex((line) => /^QUANT\s+SIZE\s+FILES\s+RUNS IN\s+HERE$/.test(line));
    expect(header, run.stdout).toBeGreaterThan(0);
    const rows = run.stdoutLines.slice(header + 1, header + 6);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['Q2_K', 'IQ4_XS', 'Q4_K_M', 'Q6_K', 'Q8_0']);
    expect(rows[2]).toMatch(/^Q4_K_M \*\s+50\.00 kB\s+1\s+(GPU|RAM)\s+-$/);
    expect(run.stdout).toContain('* the default; download it with: hubget download org/tiny-gguf:Q4_K_M');
    expect(run.stdout).toMatch(/Vision projector: mmproj-Tiny-F16\.gguf \(20\.00 kB\)/);

    const report = await infoJson(['org/tiny-gguf']);
    expect(report).toMatchObject({
      repoId: 'org/tiny-gguf',
      commit: cli.gguf.commit,
      installed: null,
      files: null,
    });
    expect(report.gguf?.defaultQuant).toBe('Q4_K_M');
    const q6 = report.gguf?.quants.find((quant) => quant.name === 'Q6_K');
    expect(q6).toMatchObject({ shards: 2, totalBytes: 70_000, installed: false, fits: { disk: true } });
  });

  it('says what is here after a download: the quantization installed, its files, the cache or a local dir', async () => {
    const download = await runCli(['download', 'org/tiny-gguf:Q2_K', '--quiet'], env());
    expect(download.status, download.stderr).toBe(0);
    const run = await info(['org/tiny-gguf']);
    expect(run.stdout).toMatch(/On this machine: 5 of 11 files \(.+\) in the HF cache/);
    expect(run.stdoutLines.find((line) => line.startsWith('Q2_K'))).toMatch(/\s+installed$/);
    expect(run.stdoutLines.find((line) => line.startsWith('Q8_0'))).toMatch(/\s+-$/);

    // `:QUANT` lists what `download org/tiny-gguf:Q6_K` would fetch, marking what is already here.
    const quant = await infoJson(['org/tiny-gguf:q6_k']);
    expect(quant.quant).toBe('Q6_K');
    const files = new Map(quant.files?.map((file) => [file.path, file.onDisk]));
    expect(files.get('Tiny-Q6_K-00001-of-00002.gguf')).toBe(false);
    expect(files.get('config.json')).toBe(true);
    expect(files.has('Tiny-Q2_K.gguf')).toBe(false);
    expect(quant.installed).toMatchObject({ location: 'cache', files: 5 });

    const local = join(cli.hfHome, 'models', 'plain');
    const plain = await runCli(['download', 'org/plain', '--local-dir', local, '--quiet'], env());
    expect(plain.status, plain.stderr).toBe(0);
    const report = await infoJson(['org/plain']);
    expect(report.installed).toEqual({
      location: 'local',
      path: local,
      files: 4,
      bytes: 5050,
      partialBytes: 0,
    });
    expect(report.copies).toEqual([
      {
        location: 'local',
        path: local,
        revisions: [{ commit: report.commit, refs: ['main'], files: 4, bytes: 5050 }],
        bytes: 5050,
        partialBytes: 0,
      },
    ]);
  });

  it('lists every copy: the HF cache and each local dir under the models folder', async () => {
    // The previous test left Q2_K in the HF cache; a local dir under the models folder gets Q6_K.
    const tiny = join(cli.hfHome, 'models', 'tiny');
    const download = await runCli(['download', 'org/tiny-gguf:Q6_K', '--local-dir', tiny, '--quiet'], env());
    expect(download.status, download.stderr).toBe(0);
    const report = await infoJson(['org/tiny-gguf']);
    const cacheDir = join(cli.hfHome, 'hub', 'models--org--tiny-gguf');
    expect(report.installed).toMatchObject({ location: 'cache', path: cacheDir, files: 5 });
    expect(report.copies.map((copy) => [copy.location, copy.path, copy.revisions.length])).toEqual([
      ['cache', cacheDir, 1],
      ['local', tiny, 1],
    ]);
    expect(report.copies[1]?.revisions[0]).toMatchObject({
      commit: cli.gguf.commit,
      refs: ['main'],
      files: 6,
    });
    const run = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    const header = run.stdoutLines.findIndex((line) =>
      /^COPY\s+REVISION\s+FILES\s+SIZE\s+PARTIAL\s+PATH$/.test(line),
    );
    expect(header, run.stdout).toBeGreaterThan(0);
    const short = cli.gguf.commit.slice(0, 7);
    expect(run.stdoutLines[header + 1]).toMatch(
      new RegExp(`^HF cache\\s+main \\(${short}\\)\\s+5\\s+.+\\s+-\\s+${cacheDir}$`),
    );
    expect(run.stdoutLines[header + 2]).toMatch(
      new RegExp(`^local dir\\s+main \\(${short}\\)\\s+6\\s+.+\\s+-\\s+${tiny}$`),
    );
  });

  it('marks what a local dir holds as here too: HERE `local dir`, `localDirs` in --json', async () => {
    // Q2_K in the HF cache (the installed copy), Q6_K only in the local dir (the tests above).
    const tiny = join(cli.hfHome, 'models', 'tiny');
    const run = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    expect(run.stdoutLines.find((line) => line.startsWith('Q2_K'))).toMatch(/\s+installed$/);
    expect(run.stdoutLines.find((line) => line.startsWith('Q6_K'))).toMatch(/\s+local dir$/);
    expect(run.stdoutLines.find((line) => line.startsWith('Q8_0'))).toMatch(/\s+-$/);
    const report = await infoJson(['org/tiny-gguf']);
    const quants = new Map(report.gguf?.quants.map((quant) => [quant.name, quant]));
    expect(quants.get('Q6_K')).toMatchObject({ installed: false, localDirs: [tiny] });
    expect(quants.get('Q2_K')).toMatchObject({ installed: true, localDirs: [] });
    const files = await info(['org/tiny-gguf:Q6_K'], { COLUMNS: '200' });
    // PATH last (whole: src/cli/table-paths.ts), HERE before it.
    expect(files.stdoutLines.find((line) => line.endsWith('  Tiny-Q6_K-00002-of-00002.gguf'))).toMatch(
      /\s+local dir +Tiny-Q6_K-00002-of-00002\.gguf$/,
    );

    // A local dir Python made names no repo (no hubget marker): its records' blob ids still say it holds Q6_K.
    const marker = join(tiny, '.cache', 'huggingface', 'hubget.json');
    const markerText = await readFile(marker, 'utf8');
    await rm(marker);
    const python = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    expect(python.stdoutLines.find((line) => line.startsWith('Q6_K'))).toMatch(/\s+local dir$/);
    await writeFile(marker, markerText);

    // By the rule a download copies by: a shard changed since (another size) leaves the quantization not here.
    await writeFile(join(tiny, 'Tiny-Q6_K-00002-of-00002.gguf'), 'edited by hand');
    const edited = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    expect(edited.stdoutLines.find((line) => line.startsWith('Q6_K'))).toMatch(/\s+-$/);
  });

  it('marks what another repo’s folder in the HF cache holds as here: HERE `cached as …`, `cachedAs` in --json', async () => {
    // A fork's folder holding Q8_0's blob (its sha256), as a download of the fork leaves it.
    const q8 = cli.gguf.files.find((file) => file.path === 'Tiny-Q8_0.gguf')!;
    const blobs = join(cli.hfHome, 'hub', 'models--other--tiny-fork', 'blobs');
    await mkdir(blobs, { recursive: true });
    await writeFile(join(blobs, q8.sha256), cli.gguf.contentOf(q8.path));
    const run = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    expect(run.stdoutLines.find((line) => line.startsWith('Q8_0'))).toMatch(/\s+cached as other\/tiny-fork$/);
    const report = await infoJson(['org/tiny-gguf']);
    const q8Report = report.gguf?.quants.find((quant) => quant.name === 'Q8_0');
    expect(q8Report).toMatchObject({ installed: false, localDirs: [], cachedAs: ['other/tiny-fork'] });

    // By the rule a download copies by: a blob of another size is not the file.
    await writeFile(join(blobs, q8.sha256), 'not the file');
    const other = await info(['org/tiny-gguf'], { COLUMNS: '200' });
    expect(other.stdoutLines.find((line) => line.startsWith('Q8_0'))).toMatch(/\s+-$/);
    await rm(join(cli.hfHome, 'hub', 'models--other--tiny-fork'), { recursive: true });
  });

  it('groups the files of a repo without GGUF, and --files lists each; a file URL lists that file', async () => {
    const run = await info(['org/plain', '--revision', 'main'], { COLUMNS: '200' });
    expect(run.stdoutLines[1]).toMatch(/^license apache-2\.0 · updated \S+ · 1\.2K downloads · 7 likes$/);
    expect(run.stdoutLines[2]).toBe(
      '4 files, 5.05 kB · weights: 2 files (5.00 kB) · config: 1 file (20 B) · tokenizer: 1 file (30 B)',
    );
    // Every file of it is in a local dir here (an earlier test): the command that checks it there.
    expect(run.stdoutLines.at(-1)).toMatch(
      /^Every file is here; hubget download org\/plain --local-dir \S+\/plain prints its path$/,
    );
    expect(run.stdout).not.toContain('QUANT');

    const all = await infoJson(['org/plain', '--files']);
    expect(all.files?.map((file) => [file.path, file.group])).toEqual([
      ['model-00001-of-00002.safetensors', 'weights'],
      ['model-00002-of-00002.safetensors', 'weights'],
      ['config.json', 'config'],
      ['tokenizer.json', 'tokenizer'],
    ]);
    const one = await infoJson([`${cli.hub.url}/org/plain/blob/main/config.json`]);
    expect(one.files?.map((file) => file.path)).toEqual(['config.json']);
  });

  it('says whether the token may fetch a gated repo', async () => {
    const denied = (await info(['org/gated'], { HF_TOKEN: '' })).stdoutLines[0];
    expect(denied).toBe(
      `org/gated @ main (${(await infoJson(['org/gated'])).commit.slice(0, 7)}) · model · gated (manual approval): no token was given: pass one with --token or HF_TOKEN`,
    );
    const allowed = await infoJson(['org/gated', '--token', cli.hub.token]);
    expect(allowed).toMatchObject({ gated: 'manual', accessDenial: null });
    expect((await info(['org/gated', '--token', cli.hub.token])).stdoutLines[0]).toMatch(
      /: this token has access$/,
    );
    const noAccess = await infoJson(['org/gated-denied', '--token', cli.hub.token]);
    expect(noAccess.accessDenial).toBe('no-access');
  });

  it('refuses an unknown quantization, a repo the Hub does not know, and a hostile id before any request', async () => {
    const unknown = await runCli(['info', 'org/tiny-gguf:Q5_K'], env());
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'error [INVALID_ARGUMENT]: No quantization "Q5_K" in org/tiny-gguf; available: Q2_K, IQ4_XS, Q4_K_M, Q6_K, Q8_0',
    );
    const missing = await runCli(['info', 'org/nope'], env());
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error \[REPO_NOT_FOUND\]: Model org\/nope not found/);
    cli.hub.clearRequests();
    const hostile = await runCli(['info', 'org/../x'], env());
    expect(hostile.status).not.toBe(0);
    expect(hostile.stderr).toMatch(/INVALID_ARGUMENT|invalid/i);
    expect(cli.hub.requests).toEqual([]);
  });
});
