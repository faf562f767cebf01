/**
 * A message printed above the bars, wrapped to the terminal's width by hubget itself: with auto-wrap off
 * (cli-progress) the terminal would cut it at the edge, and the end of a notice (`- reconnecting in 2 s
 * (Server answered 503 …)`) says what happens next and why. Lines break at spaces; a word longer than a
 * line (a long file name) is cut where the line ends; continuation lines are indented so a wrapped message
 * reads as one. A number and its unit stay together (`22 B)`, `in 1 s`, `45.2 MB/s`): a line that ends in
 * `(22` and a next one that starts with `B)` reads as two figures.
 */
import { displayWidth } from './terminal-width.js';

const CONTINUATION_INDENT = '  ';
/** Below this width an indent would leave too little room: continuation lines start at the edge. */
const MIN_WIDTH_FOR_INDENT = 20;
/**
 * The words of a line, each with the spaces that follow it; a number and the unit after it (sizes, rates,
 * durations as src/format/units.ts writes them) are one word.
 */
const WORDS = /\S*\d (?:[kMGT]?i?B|ms|min|s|h|d)(?![A-Za-z])\S*\s*|\S+\s*|\s+/g;

/** `line` (no newlines) as lines of at most `width` columns. */
export function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const indent = width >= MIN_WIDTH_FOR_INDENT ? CONTINUATION_INDENT : '';
  const lines: string[] = [];
  let current = '';
  const flush = (): void => {
    lines.push(current.trimEnd());
    current = indent;
  };
  // Each word with the spaces that follow it: they may hang past the edge, the word may not.
  for (const word of line.match(WORDS) ?? []) {
    const fits = displayWidth(current) + displayWidth(word.trimEnd()) <= width;
    if (!fits && current.trim() !== '') flush();
    if (displayWidth(current) + displayWidth(word.trimEnd()) <= width) {
      current += word;
      continue;
    }
    // Longer than a whole line: cut it, one character (code point) at a time.
    for (const character of word) {
      if (displayWidth(current) + displayWidth(character) > width && current.trim() !== '') flush();
      current += character;
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
