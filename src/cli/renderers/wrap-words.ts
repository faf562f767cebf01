/**
 * A message printed above the bars, wrapped to the terminal's width by hubget itself: with auto-wrap off
 * (cli-progress) the terminal would cut it at the edge, and the end of a notice (`- reconnecting in 2 s
 * (Server answered 503 …)`) says what happens next and why. Lines break at spaces; a word longer than a
 * line (a long file name, a repo id with its commit) is cut where the line ends, or after a `/`, `@`, `-`, `_`
 * or `.` near it (`org/long-name@` then `4b68e1e`: the commit stays whole); continuation lines are indented
 * so a wrapped message reads as one. A number and its unit stay together (`22 B)`, `in 1 s`, `45.2 MB/s`): a
 * line that ends in `(22` and a next one that starts with `B)` reads as two figures.
 *
 * No imports: `hubget rm` (confirm-prompt.ts) wraps with it and loads no package (test/build/cli-bundle.test.ts).
 */
const CONTINUATION_INDENT = '  ';
/** Below this width an indent would leave too little room: continuation lines start at the edge. */
const MIN_WIDTH_FOR_INDENT = 20;
/**
 * The words of a line, each with the spaces that follow it; a number and the unit after it (sizes, rates,
 * durations as src/format/units.ts writes them) are one word.
 */
const WORDS = /\S*\d (?:[kMGT]?i?B|ms|min|s|h|d)(?![A-Za-z])\S*\s*|\S+\s*|\s+/g;

/** Where a word longer than a line (a repo id with its commit, a file path) breaks best. */
const BREAK_AFTER = new Set(['/', '@', '-', '_', '.']);

/**
 * `line` (no newlines) as lines of at most `width` columns, each as wide as `measure` says: display widths for
 * the terminal's bars (wrap-line.ts); `hubget rm`, which loads no package, counts code points (format-table.ts).
 */
export function wrapWords(line: string, width: number, measure: (text: string) => number): string[] {
  if (measure(line) <= width) return [line];
  const indent = width >= MIN_WIDTH_FOR_INDENT ? CONTINUATION_INDENT : '';
  const lines: string[] = [];
  let current = '';
  const flush = (): void => {
    lines.push(current.trimEnd());
    current = indent;
  };
  // Each word with the spaces that follow it: they may hang past the edge, the word may not.
  for (const word of line.match(WORDS) ?? []) {
    const fits = measure(current) + measure(word.trimEnd()) <= width;
    if (!fits && current.trim() !== '') flush();
    if (measure(current) + measure(word.trimEnd()) <= width) {
      current += word;
      continue;
    }
    // Longer than a whole line: cut where the line ends, or after the last `/`, `@`, `-`, `_` or `.` in the
    // second half of the line (`…-4bit@` then `4b68e1e`, not `…@4b6` then `8e1e`).
    const characters = [...word];
    while (characters.length > 0) {
      const room = width - measure(current);
      if (measure(characters.join('').trimEnd()) <= room) {
        current += characters.join('');
        break;
      }
      let take = 0;
      for (let used = 0; take < characters.length; take++) {
        used += measure(characters[take]!);
        if (used > room) break;
      }
      const breakAt = characters.slice(0, take).findLastIndex((character) => BREAK_AFTER.has(character)) + 1;
      // One character at least, even one wider than the room: the loop always ends.
      take = breakAt > take / 2 ? breakAt : Math.max(1, take);
      current += characters.splice(0, take).join('');
      flush();
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
