/**
 * End-to-end: `hubget search` marks the results installed here (the HF cache, any revision, or a local-dir
 * download under the models folder), with the GGUF quantizations that copy holds: an INSTALLED column, only
 * when some result is installed, and `installed` / `installedQuants` in --json; `--cache-dir` and
 * `--models-dir` say where to look, as for `hubget ls`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runSearch } from '../../src/cli/search-run.js';
import { ggufCliFixture } from './gguf-cli.js';
import { runCli } from './run-cli.js';

const cli = ggufCliFixture('hubget-search-installed-');
const { env } = cli;

interface Line {
  repoId: string;
  installed: boolean;
  installedQuants: string[];
}

const searchJson = async (args: string[]): Promise<Line[]> => {
  const run = await runCli(['search', 'org', '--json', ...args], env());
  expect(run.status, run.stderr).toBe(0);
  return run.stdoutLines.map((line) => JSON.parse(line) as Line);
};

beforeAll(async () => {
  await cli.hub.addRepo({
    repoId: 'org/plain',
    meta: { downloads: 3 },
    files: [{ path: 'a.bin', size: 10 }],
  });
  await cli.hub.addRepo({
    repoId: 'org/local',
    meta: { downloads: 2 },
    files: [{ path: 'b.bin', size: 10 }],
  });
  await cli.hub.addRepo({ repoId: 'org/elsewhere', meta: { downloads: 1 }, files: [{ path: 'c', size: 1 }] });
});

describe('hubget search: what is installed', () => {
  it('has no INSTALLED column while nothing found is installed; --json says installed: false', async () => {
    const run = await runCli(['search', 'org'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines[0]).toMatch(/^ID\s+DOWNLOADS\s+LIKES\s+UPDATED\s+ACCESS$/);
    for (const line of await searchJson([])) {
      expect(line).toMatchObject({ installed: false, installedQuants: [] });
    }
  });

  it('marks a repo in the cache (with its quantizations), one in a local dir, and not the others', async () => {
    for (const args of [
      ['org/tiny-gguf:Q2_K'],
      ['org/tiny-gguf:Q6_K'],
      ['org/plain'],
      ['org/local', '--local-dir', join(cli.hfHome, 'models', 'local')],
    ]) {
      const run = await runCli(['download', ...args, '--quiet'], env());
      expect(run.status, run.stderr).toBe(0);
    }
    const run = await runCli(['search', 'org'], env());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdoutLines[0]).toMatch(/^ID\s+DOWNLOADS\s+LIKES\s+UPDATED\s+ACCESS\s+INSTALLED$/);
    const rowOf = (repoId: string) => run.stdoutLines.find((line) => line.startsWith(`${repoId} `));
    expect(rowOf('org/tiny-gguf')).toMatch(/\s+public\s+Q2_K, Q6_K$/);
    expect(rowOf('org/plain')).toMatch(/\s+public\s+yes$/);
    expect(rowOf('org/local')).toMatch(/\s+public\s+yes$/);
    expect(rowOf('org/elsewhere')).toMatch(/\s+public\s+-$/);

    const lines = await searchJson([]);
    const byId = new Map(lines.map((line) => [line.repoId, line]));
    expect(byId.get('org/tiny-gguf')).toMatchObject({ installed: true, installedQuants: ['Q2_K', 'Q6_K'] });
    expect(byId.get('org/plain')).toMatchObject({ installed: true, installedQuants: [] });
    expect(byId.get('org/local')).toMatchObject({ installed: true, installedQuants: [] });
    expect(byId.get('org/elsewhere')).toMatchObject({ installed: false, installedQuants: [] });
  });

  it('looks where --cache-dir and --models-dir say', async () => {
    const empty = join(cli.hfHome, 'empty');
    await mkdir(empty, { recursive: true });
    const elsewhere = await searchJson(['--cache-dir', empty, '--models-dir', empty]);
    expect(elsewhere.filter((line) => line.installed)).toEqual([]);
    const cacheOnly = await searchJson(['--models-dir', empty]);
    expect(
      cacheOnly
        .filter((line) => line.installed)
        .map((line) => line.repoId)
        .sort(),
    ).toEqual(['org/plain', 'org/tiny-gguf']);
    // The cache named by --cache-dir, whatever HF_HOME says.
    const run = await runCli(['search', 'org', '--json', '--cache-dir', join(cli.hfHome, 'hub')], {
      ...env(),
      HF_HOME: empty,
    });
    const named = run.stdoutLines.map((line) => JSON.parse(line) as Line);
    expect(named.find((line) => line.repoId === 'org/tiny-gguf')?.installed).toBe(true);
  });

  it('keeps the ids whole on a narrow terminal, a short one in its row beside INSTALLED cut', async () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 43 });
    let text = '';
    stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const io: CliIo = { stdout, stderr: new PassThrough(), env: env(), onSignal: () => () => {} };
    const options = { sort: 'downloads', limit: 10, repoType: 'model', endpoint: cli.hub.url } as const;
    expect(await runSearch('org', options, io)).toBe(0);
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^ID +DOWNLOADS +ACCESS +INSTALLED$/);
    // Above its row INSTALLED would say both names, but the id is short (13 characters, a third of the line or
    // less): it stays in its row, and INSTALLED says the first and counts the other (format-table.ts).
    expect(lines).toContainEqual(expect.stringMatching(/^org\/tiny-gguf +\S+ +public +Q2_K, \+1$/));
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(43);
  });

  it('says an id too long for its column on a line of its own above its row, as `hubget ls` does', async () => {
    const long = 'someone/a-model-with-a-rather-long-name-for-search';
    await cli.hub.addRepo({ repoId: long, meta: { downloads: 2 }, files: [{ path: 'a.bin', size: 1 }] });
    await cli.hub.addRepo({
      repoId: 'someone/rather-long',
      meta: { downloads: 1 },
      files: [{ path: 'b', size: 1 }],
    });
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 40 });
    let text = '';
    stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const io: CliIo = { stdout, stderr: new PassThrough(), env: env(), onSignal: () => () => {} };
    const options = { sort: 'downloads', limit: 10, repoType: 'model', endpoint: cli.hub.url } as const;
    expect(await runSearch('rather-long', options, io)).toBe(0);
    // Every row on one line (in its column the long id widened it, and every row wrapped); the id whole.
    expect(text.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^ID +DOWNLOADS +ACCESS$/),
      long,
      expect.stringMatching(/^ +2 +public$/),
      expect.stringMatching(/^someone\/rather-long +1 +public$/),
    ]);
  });

  it('breaks its More results note at spaces on a terminal; piped, one line', async () => {
    const note = async (terminal: boolean) => {
      const stderr = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 40 } : {});
      let text = '';
      stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      const io: CliIo = { stdout: new PassThrough(), stderr, env: env(), onSignal: () => () => {} };
      const options = { sort: 'downloads', limit: 1, repoType: 'model', endpoint: cli.hub.url } as const;
      expect(await runSearch('org', options, io)).toBe(0);
      return text;
    };
    expect(await note(false)).toBe('More results: raise --limit (up to 100) or narrow the query.\n');
    expect(await note(true)).toBe('More results: raise --limit (up to 100)\n  or narrow the query.\n');
  });

  it('adds the quantizations a local-dir download of the repo holds to those of its copy in the HF cache', async () => {
    // Q2_K and Q6_K are in the cache (above); Q8_0 only in a local dir under the models folder.
    const local = join(cli.hfHome, 'models', 'tiny-q8');
    const download = await runCli(['download', 'org/tiny-gguf:Q8_0', '--local-dir', local, '--quiet'], env());
    expect(download.status, download.stderr).toBe(0);
    const byId = new Map((await searchJson([])).map((line) => [line.repoId, line]));
    expect(byId.get('org/tiny-gguf')).toMatchObject({
      installed: true,
      installedQuants: ['Q2_K', 'Q6_K', 'Q8_0'],
    });
    const run = await runCli(['search', 'org'], { ...env(), COLUMNS: '200' });
    expect(run.stdoutLines.find((line) => line.startsWith('org/tiny-gguf '))).toMatch(
      /\s+public\s+Q2_K, Q6_K, Q8_0$/,
    );
  });
});
