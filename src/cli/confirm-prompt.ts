/**
 * The words of `hubget rm`'s `[y/N]` question on the terminal: broken at spaces to its width by the rule of the
 * download's notices (wrap-words.ts), counted in code points as `rm`'s tables are (format-table.ts: `rm` loads no
 * package). Left to the terminal, a long question was cut mid-word (`(1 file; no quanti` / `zation left)` at 100
 * columns; `[y/N` / `]` at 60).
 */
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
