/**
 * `hubget download org/name:QUANT`'s `Model file (…): /…/x.gguf` line on a terminal's stderr, in-process (a fake
 * terminal of 60 columns): broken at spaces as the lines around it, the path whole on a line of its own, where the
 * terminal cut the words and the path anywhere (`…loads the rest beside it` / `): /tmp/…`); off a terminal one line.
 */
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { expect, it } from 'vitest';
import { runDownload } from '../../src/cli/download-command.js';
import { stderrOnTerminal } from '../support/cli/tty-terminal.js';
import { ggufCliFixture } from './gguf-cli.js';

const cli = ggufCliFixture('hubget-quant-terminal-');

async function quantDownload(terminal: boolean, localDir: string): Promise<string[]> {
  const { io, shown } = stderrOnTerminal(terminal, cli.env());
  const status = await runDownload(
    { repoId: 'org/tiny-gguf', quant: 'IQ4_XS' },
    [],
    { repoType: 'model', maxWorkers: 8, limitRate: 0, logInterval: 5000, localDir },
    io,
  );
  expect(status, shown()).toBe(0);
  // The bars are drawn over and over with escape sequences; the lines written after them are the last ones.
  const lines = stripVTControlCharacters(shown()).split('\n');
  const first = lines.findIndex((line) => line.startsWith('Model file'));
  return lines.slice(first).filter((line) => line !== '');
}

it('breaks the model file line at spaces on a terminal, its path whole; one line elsewhere', async () => {
  const folder = join(cli.hfHome, 'a-folder-with-a-rather-long-name-for-its-path');
  const path = join(folder, 'IQ4_XS', 'Tiny-00001-of-00002.gguf');
  expect(path.length).toBeGreaterThan(60);
  const onTerminal = await quantDownload(true, folder);
  expect(onTerminal).toEqual([
    'Model file (IQ4_XS, first of 2 parts; llama.cpp loads the',
    '  rest beside it):',
    `  ${path}`,
  ]);
  const piped = await quantDownload(false, folder);
  expect(piped).toEqual([
    `Model file (IQ4_XS, first of 2 parts; llama.cpp loads the rest beside it): ${path}`,
  ]);
});
