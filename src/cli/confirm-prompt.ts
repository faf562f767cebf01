/**
 * The words of `hubget rm`'s `[y/N]` question on the terminal: broken at spaces to its width by the rule of the
 * download's notices (wrap-words.ts), counted in code points as `rm`'s tables are (format-table.ts: `rm` loads no
 * package). Left to the terminal, a long question was cut mid-word (`(1 file; no quanti` / `zation left)` at 100
 * columns; `[y/N` / `]` at 60). And the asking itself (confirm).
 */
import { createInterface } from 'node:readline/promises';
import { type CliIo, writeLine } from './cli-io.js';
import { cellWidth } from './format-table.js';
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapWords } from './renderers/wrap-words.js';

/**
 * `question [y/N] ` as the lines written above the prompt and the prompt's own line (readline redraws only that
 * one), which keeps the last columns free for the answer.
 */
export function promptLines(
  question: string,
  columns: number | undefined,
): { above: string[]; prompt: string } {
  const lines = wrapWords(`${question} [y/N]`, Math.max(1, usableColumns(columns) - ANSWER_ROOM), cellWidth);
  return { above: lines.slice(0, -1), prompt: `${lines.at(-1)} ` };
}

/** Columns kept free after `[y/N]` on its line: a space and `yes`. */
const ANSWER_ROOM = 4;

/** The answer at the `[y/N]` prompt: Ctrl-C is not a "no", it ends the command like an interrupt. */
export type Answer = 'yes' | 'no' | 'interrupted';

/**
 * Asks on the terminal. Ctrl-C (a key readline reads while it owns the terminal, or a SIGINT sent to the
 * process) answers `interrupted`; end of input (Ctrl-D) answers `no`, like an empty answer. Either way the
 * prompt's line is ended, so the next message starts on a line of its own.
 */
export async function confirm(io: CliIo, question: string): Promise<Answer> {
  const stdin = io.stdin;
  if (!stdin?.isTTY) return 'no';
  const prompt = createInterface({ input: stdin, output: io.stderr });
  let removeSignalHandler = (): void => {};
  const interrupted = new Promise<'interrupted'>((resolve) => {
    const interrupt = (): void => {
      resolve('interrupted');
      prompt.close();
    };
    prompt.on('SIGINT', interrupt);
    removeSignalHandler = io.onSignal('SIGINT', interrupt);
  });
  try {
    // Broken at spaces to the terminal's width; readline redraws only the last line, the prompt's.
    const lines = promptLines(question, io.stderr.columns);
    for (const line of lines.above) writeLine(io.stderr, line);
    const typed = prompt.question(lines.prompt).then(
      (text): Answer => (/^y(es)?$/i.test(text.trim()) ? 'yes' : 'no'),
      // Closed, by end of input or by the interrupt: nothing was typed, the prompt's line is still open.
      () => undefined,
    );
    const answer = await Promise.race([interrupted, typed]);
    if (answer === 'yes' || answer === 'no') return answer;
    io.stderr.write('\n');
    return answer ?? 'no';
  } finally {
    removeSignalHandler();
    prompt.close();
  }
}
