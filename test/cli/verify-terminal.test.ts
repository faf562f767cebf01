/**
 * `hubget verify`'s closing line on a terminal's stderr, in-process (a fake terminal of 60 columns): the command it
 * suggests (`hubget verify org/some-model --repair`) whole on a line of its own when the line does not fit, as
 * `info`'s, not broken at a space, where its second line, pasted alone, ran `org/some-model --repair`; off a
 * terminal one line. No network: the cache is built by hand.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runVerify } from '../../src/cli/verify-run.js';
import { flipByte } from '../support/cache/flip-byte.js';
import { writeHashedRepo } from '../support/cache/hub-cache-tree.js';
import { stderrOnTerminal } from '../support/cli/tty-terminal.js';

let cacheDir: string;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'hubget-verify-terminal-'));
  const repoDir = writeHashedRepo(cacheDir, 'org/some-model', { 'config.json': '{}', 'w.bin': 4096 });
  // Each blob: w.bin's is the one of 4096 bytes, where byte 100 is; config.json's has 2.
  for (const blob of await readdir(join(repoDir, 'blobs'))) {
    if ((await stat(join(repoDir, 'blobs', blob))).size === 4096)
      await flipByte(join(repoDir, 'blobs', blob), 100);
  }
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

async function verify(terminal: boolean): Promise<{ status: number; lines: string[] }> {
  const { io, shown } = stderrOnTerminal(terminal);
  const status = await runVerify(
    { repos: [{ repoId: 'org/some-model', repoType: 'model' }] },
    { repoType: 'model', cacheDir },
    io,
  );
  // The hashing bar is drawn with escape sequences (a saved cursor's `ESC 7` leaves its `7`); the closing lines
  // come after it.
  const text = stripVTControlCharacters(shown());
  return { status, lines: text.slice(text.indexOf('To delete')).split('\n') };
}

it('puts the repair command whole on a line of its own on a terminal, one line elsewhere', async () => {
  const command = `hubget verify org/some-model --cache-dir ${cacheDir} --repair`;
  const onTerminal = await verify(true);
  expect(onTerminal.status).toBe(1);
  expect(onTerminal.lines.filter((line) => line !== '')).toEqual([
    'To delete what is not intact and download it again:',
    `  ${command}`,
  ]);
  const piped = await verify(false);
  expect(piped.lines.filter((line) => line !== '')).toEqual([
    `To delete what is not intact and download it again: ${command}`,
  ]);
});
