/**
 * Columns a line may use on the terminal while the bars are drawn. cli-progress turns the terminal's
 * auto-wrap off, so anything longer is cut, and some terminals (tmux) overwrite the last column with the
 * cursor: the last column stays free. Widths are display widths (a CJK character takes two columns).
 */
import stringWidth from 'string-width';

/** What cli-progress assumes for a terminal that does not say how wide it is. */
const DEFAULT_TERMINAL_COLUMNS = 80;

/** The terminal's width, or cli-progress's assumption when it does not say. */
export function terminalColumns(columns: number | undefined): number {
  return columns || DEFAULT_TERMINAL_COLUMNS;
}

export function usableColumns(columns: number | undefined): number {
  return Math.max(1, terminalColumns(columns) - 1);
}

/** Columns `text` takes on a terminal. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}
