/**
 * What a command wrote on a terminal `width` columns wide, as the user copies it: every line fits, but a path (a
 * repo id, a URL) longer than a line, which hubget says whole on a line of its own for the terminal to wrap
 * (src/cli/renderers/wrap-words.ts). A newline and an indent put into a path by hubget are copied with it.
 */
import { expect } from 'vitest';

/** Columns of a line in code points, as `hubget ls` and `rm` count them (src/cli/format-table.ts cellWidth). */
const codePoints = (text: string): number => [...text].length;

/**
 * Each of `lines` fits `width`, or is (after its indent) one word that holds one of `whole` (with the punctuation
 * of its sentence: `/models/x:`), or is one of `whole` (a command to copy, spaces and all); each of `whole` is
 * said unbroken on one of the lines.
 */
export function expectWholePaths(
  lines: readonly string[],
  width: number,
  whole: readonly string[],
  measure: (text: string) => number = codePoints,
): void {
  for (const line of lines) {
    if (measure(line) <= width) continue;
    const word = line.trim();
    expect(
      whole.some((path) => word === path || (!/\s/.test(word) && word.includes(path))),
      `wider than ${width} and not a path alone: ${line}`,
    ).toBe(true);
  }
  for (const path of whole) {
    expect(
      lines.some((line) => line.includes(path)),
      `${path} whole on one line of:\n${lines.join('\n')}`,
    ).toBe(true);
  }
}
