/**
 * Widths on the terminal: how wide it is (terminal-columns.ts) and how many columns a text takes, as display
 * widths (a CJK character takes two columns).
 */
import stringWidth from 'string-width';

export { terminalColumns, usableColumns } from './terminal-columns.js';

/** Columns `text` takes on a terminal. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}
