/**
 * The words of `hubget rm`'s `[y/N]` question on the terminal: broken at spaces to its width (wrap-line.ts),
 * as the download's notices are. Left to the terminal, a long question was cut mid-word (`(1 file; no quanti` /
 * `zation left)` at 100 columns; `[y/N` / `]` at 60).
 */
import { usableColumns } from './renderers/terminal-columns.js';
import { wrapLine } from './renderers/wrap-line.js';

/**
 * `question [y/N] ` as the lines written above the prompt and the prompt's own line (readline redraws only that
 * one), which keeps the last columns free for the answer.
 */
export function promptLines(
  question: string,
  columns: number | undefined,
): { above: string[]; prompt: string } {
  const lines = wrapLine(`${question} [y/N]`, Math.max(1, usableColumns(columns) - ANSWER_ROOM));
  return { above: lines.slice(0, -1), prompt: `${lines.at(-1)} ` };
}

/** Columns kept free after `[y/N]` on its line: a space and `yes`. */
const ANSWER_ROOM = 4;
