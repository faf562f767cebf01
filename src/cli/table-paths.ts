/**
 * A table whose last column is a path, which the user copies (`hubget ls`'s WHERE, `hubget info`'s copies): the
 * path stays whole. In its column when the table fits the width with it (format-table.ts's narrower cells and
 * left-out columns allowed, no column cut: one row per repo, as on a wide terminal); else the table is fitted to
 * the width without it, and each row's path goes on an indented line of its own below the row. Cut to fit, it
 * said `…g--a` (`hubget ls` at 60 columns), which no one can copy. A path longer than a line is still said whole on
 * that line, which the terminal wraps (wrap-words.ts): broken by hubget after a `/`, a newline and an indent were
 * copied in the middle of the path. Piped (no width), every row keeps its path in its column.
 *
 * No package: `hubget ls` loads none (test/build/cli-bundle.test.ts), so widths are counted in code points
 * unless the caller measures display widths (`hubget info`).
 */
import { type Column, cellWidth, formatTable, formatTableRows } from './format-table.js';
import { wrapWords } from './renderers/wrap-words.js';

export interface PathColumn<T> {
  header: string;
  /** The row's cell in the path's column (empty for a row that continues the one above). */
  value: (row: T) => string;
  /** The path said on the line below the row when the column does not fit; null: no line (said elsewhere). */
  below: (row: T) => string | null;
}

/** The indent of a path said on a line of its own below its row (here and in `--dry-run`'s list: format-dry-run.ts). */
export const PATH_INDENT = '  ';

export function formatTableWithPath<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  path: PathColumn<T>,
  width = Number.POSITIVE_INFINITY,
  measure: (text: string) => number = cellWidth,
): string[] {
  // One line per row, nothing cut, to keep the path in its row: a cut name or list, or a name on a line of its own
  // above its row, would say less (or take more lines) than the row with the path below.
  const whole = columns.map(({ cut: _cut, above: _above, ...column }) => column);
  const inRow = formatTable(rows, [...whole, { header: path.header, value: path.value }], width);
  if (inRow.every((line) => measure(line) <= width)) return inRow;
  const table = formatTableRows(rows, columns, width);
  return [
    table.header,
    ...table.rows.flatMap((lines, index) => {
      const below = path.below(rows[index]!);
      return below === null ? lines : [...lines, ...wrapWords(`${PATH_INDENT}${below}`, width, measure)];
    }),
  ];
}
