/**
 * A line of words wrapped to the terminal's width by hubget itself: the terminal would cut a word at its edge,
 * and the end of a notice (`- reconnecting in 2 s (Server answered 503 …)`) says what happens next and why. Lines
 * break at spaces; a word longer than a line goes to a line of its own first. There it stays whole: a word that
 * long is a path, a URL, a repo id with its commit, which the user copies, and the terminal wraps it (a soft wrap,
 * which xterm, gnome-terminal, tmux and iTerm copy as one line), where a newline and an indent put in by hubget
 * were copied into the middle of the path. Above the download's bars too: cli-progress turns auto-wrap off while
 * it draws them, and the renderer turns it on around the lines it prints (tty-renderer.ts). Continuation lines
 * are indented so a wrapped message reads as one. A quoted path is one word: broken at its space, it was copied as two
 * lines. A number and its unit stay together (`22 B)`, `in 1 s`, `45.2 MB/s`), a duration in parts too
 * (`3 min 37 s`): a line that ends in `(22` and a next one that starts with `B)` reads as two figures. So does a
 * count and the try it names (`try 2 of 5`, `attempt 2 of 5`, `try 2`, `3 of 5 files`): a line that ends in
 * `as try 2 of` left the reader to find the `5` on the next.
 *
 * No imports: `hubget rm` (confirm-prompt.ts) wraps with it and loads no package (test/build/cli-bundle.test.ts).
 */
const CONTINUATION_INDENT = '  ';
/** Below this width an indent would leave too little room: continuation lines start at the edge. */
const MIN_WIDTH_FOR_INDENT = 20;
/**
 * The words of a line, each with the spaces that follow it; a path in single quotes (src/format/shell-word.ts: one
 * with a space, `'/m/my models'`), a number with the unit after it (sizes, rates, durations as src/format/units.ts
 * writes them; a duration's parts together: `3 min 37 s`), and a count with the try it names (`try 2 of 5`,
 * `attempt 2`, `3 of 5`: src/format/retry-limit-words.ts) are one word each.
 */
const QUOTED = String.raw`[([]?'[^']*'(?:\\''[^']*')*\S*\s*`;
const UNIT = '(?:[kMGT]?i?B|ms|min|s|h|d)(?![A-Za-z])';
const MEASURE = String.raw`\S*\d ${UNIT}(?: \d+ ${UNIT})*\S*\s*`;
const COUNT = String.raw`(?:(?:try|attempt) )?\S*\d of \d+\S*\s*|(?:try|attempt) \d+\S*\s*`;
const WORDS = new RegExp(String.raw`${QUOTED}|${MEASURE}|${COUNT}|\S+\s*|\s+`, 'g');

/**
 * `line` (no newlines) as lines of at most `width` columns, each as wide as `measure` says (but a word longer than
 * a line, on a line of its own): display widths for the terminal's bars (wrap-line.ts); `hubget rm`, which loads
 * no package, counts code points (format-table.ts).
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
    if (measure(current) + measure(word.trimEnd()) > width && current.trim() !== '') flush();
    // A word longer than a whole line is so on a line of its own (the next word does not fit after it): the
    // terminal wraps it.
    current += word;
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
