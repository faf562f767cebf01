/**
 * The last lines a command writes on stderr: `hubget download`'s once its bars are gone (the interruption, the
 * error), every other command's `error [CODE]: …` line (cli-error.ts, reportFailure). On a terminal they are
 * broken at spaces to its width, as the download's notices above them (wrap-words.ts), where the terminal cut
 * them mid-word (`run the same comm` / `and again to resume` at 60 columns); continuation lines are indented,
 * so the code stays at the start of the first. Off a terminal each stays one line, for the scripts and logs
 * that read it.
 *
 * No package: `hubget ls` and `rm` report their errors with it and load none (test/build/cli-bundle.test.ts), so
 * widths are counted in code points (format-table.ts) unless the caller measures display widths: the download,
 * whose bars load string-width anyway (renderers/terminal-width.ts).
 */

import { printableLine } from '../format/printable.js';
import { type CliIo, writeLine } from './cli-io.js';
import { cellWidth } from './format-table.js';
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapWords } from './renderers/wrap-words.js';

/** Writes a line on `io.stderr`: on a terminal broken at spaces to its width at the time of writing. */
export function endLineWriter(
  io: Pick<CliIo, 'stderr'>,
  measure: (text: string) => number = cellWidth,
): (line: string) => void {
  if (!io.stderr.isTTY) return (line) => writeLine(io.stderr, line);
  return (line) => {
    for (const part of wrapWords(printableLine(line), usableColumns(io.stderr.columns), measure)) {
      writeLine(io.stderr, part);
    }
  };
}
