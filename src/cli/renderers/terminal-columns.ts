/**
 * How wide the terminal is, without measuring any text: kept apart from terminal-width.ts (string-width) so
 * that `hubget ls` and `hubget rm`, which fit their tables to it, load no package (test/build/cli-bundle.test.ts).
 */

/** What cli-progress assumes for a terminal that does not say how wide it is. */
const DEFAULT_TERMINAL_COLUMNS = 80;

/** The terminal's width, or cli-progress's assumption when it does not say. */
export function terminalColumns(columns: number | undefined): number {
  return columns || DEFAULT_TERMINAL_COLUMNS;
}

/**
 * Columns a line may use on the terminal while the bars are drawn. cli-progress turns the terminal's
 * auto-wrap off, so anything longer is cut, and some terminals (tmux) overwrite the last column with the
 * cursor: the last column stays free.
 */
export function usableColumns(columns: number | undefined): number {
  return Math.max(1, terminalColumns(columns) - 1);
}
