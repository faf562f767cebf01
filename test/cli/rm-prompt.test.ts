/**
 * `hubget rm`'s `[y/N]` question on a narrow terminal, in-process (a fake terminal: stdin says it is a TTY,
 * stderr 60 columns): broken at spaces, `[y/N]` whole, instead of cut by the terminal mid-word.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runRm } from '../../src/cli/rm-run.js';

const REPO_ID = 'org/a-model-with-a-rather-long-name';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hubget-rm-prompt-'));
  const repoDir = join(root, 'hub', `models--${REPO_ID.replace('/', '--')}`);
  await mkdir(join(repoDir, 'snapshots', COMMIT), { recursive: true });
  await mkdir(join(repoDir, 'refs'), { recursive: true });
  await writeFile(join(repoDir, 'refs', 'main'), COMMIT);
  await writeFile(join(repoDir, 'snapshots', COMMIT, 'config.json'), '{"model_type":"tiny"}');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('breaks the question at spaces to the terminal width, and keeps [y/N] whole', async () => {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = Object.assign(new PassThrough(), { columns: 60 });
  const stdout = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  stdout.resume();
  const io: CliIo = { stdin, stdout, stderr, env: {}, onSignal: () => () => {} };
  stdin.write('n\n');
  const status = await runRm(
    { repo: { repoId: REPO_ID, repoType: 'model' } },
    { repoType: 'model', cacheDir: join(root, 'hub'), dataDir: join(root, 'data') },
    io,
  );
  expect(status, shown).toBe(0);
  const lines = shown.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe('Delete org/a-model-with-a-rather-long-name (1 revision,');
  // What the files take on disk depends on the file system (as du counts): 61 B, 8.19 kB.
  expect(lines[1]).toMatch(/^ {2}whole repo\): frees [\d.]+ k?B\? \[y\/N\] Nothing deleted\.$/);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(59);
});

/** `hubget rm --dry-run` in-process, stdout a terminal `columns` wide (undefined: piped); its stdout's lines. */
async function dryRun(columns: number | undefined): Promise<string[]> {
  const stdout = Object.assign(new PassThrough(), columns === undefined ? {} : { isTTY: true, columns });
  let shown = '';
  stdout.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  const io: CliIo = { stdout, stderr: new PassThrough(), env: {}, onSignal: () => () => {} };
  const status = await runRm(
    { repo: { repoId: REPO_ID, repoType: 'model' } },
    { repoType: 'model', cacheDir: join(root, 'hub'), dataDir: join(root, 'data'), dryRun: true },
    io,
  );
  expect(status, shown).toBe(0);
  return shown.split('\n').filter((line) => line !== '');
}

it("breaks a dry run's summary at spaces on a terminal, its paths whole; piped, one line", async () => {
  const piped = await dryRun(undefined);
  const summary = piped[0] ?? '';
  expect(summary).toMatch(
    /^Would delete org\/a-model-with-a-rather-long-name \(1 revision, whole repo\): frees /,
  );
  const repoDir = join(root, 'hub', `models--${REPO_ID.replace('/', '--')}`);
  expect(piped.slice(1)).toContain(`  ${repoDir}`);
  const onTerminal = await dryRun(40);
  const paths = onTerminal.filter((line) => line.startsWith(`  ${root}`));
  expect(paths).toEqual(piped.slice(1));
  const words = onTerminal.filter((line) => !paths.includes(line));
  expect(words.length).toBeGreaterThan(1);
  for (const line of words) expect(line.length, line).toBeLessThanOrEqual(39);
  expect(words.map((line) => line.trim()).join(' ')).toBe(summary);
});
