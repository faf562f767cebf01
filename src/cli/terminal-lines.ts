/**
 * Lines of words a command writes for a person: `hubget download`'s last lines once its bars are gone (the
 * interruption, the error), every command's `error [CODE]: …` line (cli-error.ts, reportFailure), commander's
 * usage errors (program.ts), and the notes and summaries of `ls`, `search` and `rm`. On a terminal they are
 * broken at spaces to its width, as the download's notices (wrap-words.ts), where the terminal cut them mid-word
 * (`run the same comm` / `and again to resume` at 60 columns); continuation lines are indented, so an error's
 * code stays at the start of its first. Off a terminal each stays one line, for the scripts and logs that read it.
 *
 * No package: `hubget ls` and `rm` write with it and load none (test/build/cli-bundle.test.ts), so widths are
 * counted in code points (format-table.ts) unless the caller measures display widths: the download, whose bars
 * load string-width anyway (renderers/terminal-width.ts).
 */
import { printableLine } from '../format/printable.js';
import { type CliIo, writeLine } from './cli-io.js';
import { cellWidth } from './format-table.js';
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapWords } from './renderers/wrap-words.js';

type Stream = CliIo['stdout'];

/** `line` (no newlines) as it is shown on `stream`: on a terminal broken at spaces to its width; else whole. */
export function terminalLines(
  stream: Stream,
  line: string,
  measure: (text: string) => number = cellWidth,
): string[] {
  return stream.isTTY ? wrapWords(line, usableColumns(stream.columns), measure) : [line];
}

/** Writes lines on `stream` as terminalLines shows them, the width read at the time of writing. */
export function lineWriter(stream: Stream, measure?: (text: string) => number): (line: string) => void {
  return (line) => {
    for (const part of terminalLines(stream, printableLine(line), measure)) writeLine(stream, part);
  };
}

/**
 * A sentence that ends in a command to run (`To delete … again: hubget verify org/a --repair`) in `width` columns:
 * the line when it fits, else the sentence (`prefix`) and the command whole on a line of its own, indented. A
 * command is copied and pasted into a shell: broken at a space, it pasted as two commands (the second line, run
 * alone, `org/a --repair`); longer than the terminal, the terminal wraps it, a soft wrap copied as one line. `info`'s
 * closing lines (info-text.ts) and `verify`'s alike.
 */
export function commandSplit(
  prefix: string,
  command: string,
  width: number,
  measure: (text: string) => number,
  line = `${prefix} ${command}`,
): [said: string, copied?: string] {
  return measure(line) <= width ? [line] : [prefix, `  ${command}`];
}

/** Writes `prefix command` on `stream` as commandSplit fits it to a terminal (the sentence broken at spaces); else one line. */
export function commandWriter(
  stream: Stream,
  measure: (text: string) => number = cellWidth,
): (prefix: string, command: string) => void {
  return (prefix, command) => {
    const line = printableLine(`${prefix} ${command}`);
    if (!stream.isTTY) return writeLine(stream, line);
    const width = usableColumns(stream.columns);
    const [said, copied] = commandSplit(printableLine(prefix), printableLine(command), width, measure, line);
    for (const part of terminalLines(stream, said, measure)) writeLine(stream, part);
    if (copied !== undefined) writeLine(stream, copied);
  };
}

/**
 * Commander's message (`error: option '--sort <key>' argument 'foo' is invalid. Allowed choices are …`, a
 * `(Did you mean download?)` under it) as written on `stream`: each of its lines broken so on a terminal.
 */
export function terminalText(stream: Stream, text: string): string {
  if (!stream.isTTY) return text;
  return text
    .split('\n')
    .map((line) => (line === '' ? line : terminalLines(stream, line).join('\n')))
    .join('\n');
}
