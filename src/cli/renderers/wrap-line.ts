/**
 * A message printed above the bars, wrapped to the terminal's width by hubget itself (wrap-words.ts has the rule:
 * broken at spaces, a word longer than a line whole on a line of its own for the terminal to wrap), measured in
 * display columns (a CJK character takes two).
 */
import { displayWidth } from './terminal-width.js';
import { wrapWords } from './wrap-words.js';

/** `line` (no newlines) as lines of at most `width` display columns (but a word longer than a line). */
export function wrapLine(line: string, width: number): string[] {
  return wrapWords(line, width, displayWidth);
}
