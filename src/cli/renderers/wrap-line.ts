/**
 * A message printed above the bars, wrapped to the terminal's width by hubget itself (wrap-words.ts has the rule),
 * measured in display columns (a CJK character takes two). A word longer than a line is broken too: cli-progress
 * turns the terminal's auto-wrap off while the bars are drawn, so the terminal would cut it, not wrap it.
 */
import { displayWidth } from './terminal-width.js';
import { wrapWords } from './wrap-words.js';

/** `line` (no newlines) as lines of at most `width` display columns. */
export function wrapLine(line: string, width: number): string[] {
  return wrapWords(line, width, displayWidth, 'broken');
}
