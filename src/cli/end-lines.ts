/**
 * The last lines `hubget download` writes on a terminal's stderr once its bars are gone (the interruption, the
 * error): broken at spaces to the terminal's width, as the notices above them (wrap-line.ts), where the
 * terminal cut them mid-word (`run the same comm` / `and again to resume` at 60 columns). Off a terminal each
 * stays one line, for the scripts and logs that read it. Loaded only on a terminal: it measures with string-width.
 */
import { printableLine } from '../format/printable.js';
import { type CliIo, writeLine } from './cli-io.js';
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapLine } from './renderers/wrap-line.js';

/** Writes `line` on the terminal `io.stderr` is, broken at spaces to its width at the time of writing. */
export function terminalLineWriter(io: Pick<CliIo, 'stderr'>): (line: string) => void {
  return (line) => {
    for (const part of wrapLine(printableLine(line), usableColumns(io.stderr.columns))) {
      writeLine(io.stderr, part);
    }
  };
}
