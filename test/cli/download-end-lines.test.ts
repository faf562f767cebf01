/**
 * `hubget download`'s last line on a terminal's stderr, in-process (a fake terminal of 60 columns): broken at
 * spaces to its width, as the notices above it, where the terminal cut it mid-word; off a terminal one line.
 */
import { stripVTControlCharacters } from 'node:util';
import { expect, it } from 'vitest';
import { runDownload } from '../../src/cli/download-command.js';
import { stderrOnTerminal } from '../support/cli/tty-terminal.js';
import { LISTING_NOTICE } from './run-cli.js';

async function failedDownload(terminal: boolean): Promise<{ status: number; lines: string[] }> {
  const { io, shown } = stderrOnTerminal(terminal);
  // Refused before any request: the one validator of repo ids.
  const status = await runDownload(
    { repoId: 'org/../x' },
    [],
    { repoType: 'model', maxWorkers: 8, limitRate: 0, logInterval: 5000, endpoint: 'http://127.0.0.1:9' },
    io,
  );
  // The bars' renderer shows the cursor again when it stops: its escape sequences are not text. On a loaded
  // machine the modules may take over 1 s to load, and the `Listing org/../x…` notice comes first (a run did).
  const text = stripVTControlCharacters(shown());
  return { status, lines: text.split('\n').filter((line) => line !== '' && !LISTING_NOTICE.test(line)) };
}

it('breaks its error line at spaces on a terminal, and keeps it one line elsewhere', async () => {
  const onTerminal = await failedDownload(true);
  expect(onTerminal.status).toBe(1);
  expect(onTerminal.lines).toEqual([
    'error [INVALID_REPO_ID]: Invalid repository id "org/../x":',
    '  it has 2 slashes; expected "org/name" (at most one "/")',
  ]);
  for (const line of onTerminal.lines) expect(line.length, line).toBeLessThan(60);
  const piped = await failedDownload(false);
  expect(piped.lines).toEqual([
    'error [INVALID_REPO_ID]: Invalid repository id "org/../x": it has 2 slashes; expected "org/name" (at most one "/")',
  ]);
});
