/**
 * A line of words wrapped to the terminal's width by hubget itself: the terminal would cut a word at its edge,
 * and the end of a notice (`- reconnecting in 2 s (Server answered 503 …)`) says what happens next and why. Lines
 * break at spaces; a word longer than a line goes to a line of its own first. There it stays whole: a word that
 * long is a path, a URL, a repo id with its commit, which the user copies, and the terminal wraps it (a soft wrap,
 * which xterm, gnome-terminal, tmux and iTerm copy as one line), where a newline and an indent put in by hubget
 * were copied into the middle of the path. Only where the terminal does not wrap (cli-progress turns auto-wrap off
 * while the bars are drawn, and cuts a longer line: wrap-line.ts) is it broken (`longWords: 'broken'`): after a
 * `/` of a path, else after a `@`, `-` or `_` near the line's end (`org/long-name@` then `4b68e1e`), else where the
 * line ends, but never inside a commit hash or before a file's extension (`c526d58` then `45`, `Tiny-Q4_K_M.` then
 * `gguf` read as two things) unless that alone is longer than a line. Continuation lines are indented so a wrapped
 * message reads as one. A number and its unit stay together (`22 B)`, `in 1 s`, `45.2 MB/s`): a line that ends in
 * `(22` and a next one that starts with `B)` reads as two figures.
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

/** Where a word longer than a line breaks best: after a path's `/` (in its last two thirds), else after these. */
const PATH_SEPARATOR = '/';
const BREAK_AFTER = new Set(['@', '-', '_']);
/** What a break never splits, unless it alone is longer than a line: a commit hash, a file's extension. */
const UNBROKEN = /(?<![0-9a-z])[0-9a-f]{7,}(?![0-9a-z])|\.[A-Za-z0-9]{1,10}$/gi;

/**
 * How many of `characters` (a word longer than a line) go on this line, `take` of them fitting: after the last
 * `/` when it is not near the line's start, else after the last `@`, `-` or `_` in the line's second half, else
 * all `take`; moved back to the start of a hash or extension the break would split (when that is not the
 * word's start). One at least: the caller's loop always ends.
 */
function breakAt(characters: readonly string[], take: number): number {
  const fitting = characters.slice(0, take);
  const slash = fitting.lastIndexOf(PATH_SEPARATOR) + 1;
  if (slash > take / 3 && slash < characters.length) return slash;
  const after = fitting.findLastIndex((character) => BREAK_AFTER.has(character)) + 1;
  let at = after > take / 2 ? after : take;
  const text = characters.join('');
  for (const span of text.matchAll(UNBROKEN)) {
    // The match's index counts code units, the word's characters are code points.
    const start = [...text.slice(0, span.index)].length;
    const end = start + [...span[0]].length;
    if (start < at && at < end && start > 0) at = start;
  }
  return Math.max(1, at);
}

/**
 * What becomes of a word longer than a whole line: `whole` on a line of its own, longer than `width`, for the
 * terminal to wrap (auto-wrap on: every line but those drawn with the bars); `broken` to fit (auto-wrap off).
 */
export type LongWords = 'whole' | 'broken';

/**
 * `line` (no newlines) as lines of at most `width` columns, each as wide as `measure` says (but a word longer than
 * a line: `longWords`): display widths for the terminal's bars (wrap-line.ts); `hubget rm`, which loads no package,
 * counts code points (format-table.ts).
 */
export function wrapWords(
  line: string,
  width: number,
  measure: (text: string) => number,
  longWords: LongWords = 'whole',
): string[] {
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
    if (longWords === 'whole') {
      // On a line of its own (the next word does not fit after it), which the terminal wraps.
      current += word;
      continue;
    }
    // Longer than a whole line: broken where breakAt says (`…-4bit@` then `4b68e1e`, not `…@4b6` then `8e1e`).
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
      take = breakAt(characters, take);
      current += characters.splice(0, take).join('');
      flush();
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
