/**
 * Plain-text tables for the CLI: a header row, columns padded to their widest cell, numbers right-aligned.
 *
 * Fitted to the terminal (`width`: stdout's columns when it is one; piped output keeps whole rows, for
 * scripts `--json` says everything): a row wider than the terminal wraps onto two lines, so one rule makes
 * the table narrower, step by step until it fits: first the columns' `narrow` cells (a shorter form of the
 * same fact), then the `optional` columns are left out (the last listed first), then the `cut` columns are cut,
 * the widest first (`…` where the text is cut: a path keeps its end, a name its start; a list keeps its first
 * items and counts the rest: `Q4_K_M, Q8_0, +3`), never below their header's width. A column without `cut`
 * stays whole (a repo id, which the user types into the next command); an `above` column's cells too wide for the
 * room left to it go whole on a line of their own above their row (`hubget ls`'s and `hubget search`'s long repo
 * ids at 40 or 60 columns, where every row wrapped under a column padded to the longest): where that lets a list
 * say every item (`hubget ls`'s QUANTS beside a long id at 80 columns) if the cell is longer than a third of the line
 * (a short one stays in its row, the list cut beside it: a line per row at 60 columns said one item more), else as
 * soon as cutting alone would leave a list without a single item (`+3`, which says nothing of what is there); the room they leave takes back the
 * `optional` columns left out that then fit, as long as no list says fewer items for it. What still does not fit
 * wraps. Used by
 * `hubget search`, `hubget info` and `hubget ls`; a line under the table (`hubget ls`'s total) fits the same width
 * by the same rule (fitLines): its shorter forms, in order.
 */
import { wrapWords } from './renderers/wrap-words.js';

/**
 * Columns a cell takes, counted in code points: no package is loaded for `hubget ls` (string-width, which the
 * bars use: test/build/cli-bundle.test.ts), so a wide (CJK) character counts as one column.
 */
export function cellWidth(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /** A shorter form of the cell, used when the table is wider than the terminal. */
  narrow?: (row: T) => string;
  /** Left out when the table is still too wide (after `narrow`). */
  optional?: boolean;
  /**
   * Cut to fit, last: `end` keeps the start of the text (a name), `start` keeps its end (a path), `items` keeps
   * the first items of a list (its cell is `joinItems`'s) and counts the rest (`Q4_K_M, Q8_0, +3`).
   */
  cut?: 'start' | 'end' | 'items';
  /**
   * Never cut (no `cut`): when the table is still too wide, a cell wider than the room the other columns leave is
   * said whole on a line of its own above its row (whole even when longer than a line, for the terminal to wrap:
   * wrap-words.ts),
   * its cell in the row left empty. At most one such column.
   */
  above?: boolean;
}

const GAP = '  ';
const ELLIPSIS = '…';
const ITEM_SEPARATOR = ', ';

/** A list as one cell, which a column with `cut: 'items'` cuts at whole items: `Q4_K_M, Q8_0`, `-` when empty. */
export function joinItems(items: readonly string[]): string {
  return items.length > 0 ? items.join(ITEM_SEPARATOR) : '-';
}

/**
 * A `joinItems` cell in at most `width` columns: its first items and `+N` for the rest (`Q4_K_M, Q8_0, +3`);
 * `+N` alone (N: all of them) when not even one item fits with it.
 */
export function cutItems(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  const items = text.split(ITEM_SEPARATOR);
  for (let kept = items.length - 1; kept > 0; kept--) {
    const cut = [...items.slice(0, kept), `+${items.length - kept}`].join(ITEM_SEPARATOR);
    if (cellWidth(cut) <= width) return cut;
  }
  return `+${items.length}`;
}

/** A `joinItems` cell cut to its first item and the count of the rest (`Q4_K_M, +2`): the least it says. */
function firstItem(text: string): string {
  const items = text.split(ITEM_SEPARATOR);
  return items.length > 1 ? `${items[0]}${ITEM_SEPARATOR}+${items.length - 1}` : text;
}

/** A table's lines: its header, then each row's (more than one when a cell went above it). */
export interface TableLines {
  header: string;
  rows: string[][];
}

export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  width = Number.POSITIVE_INFINITY,
): string[] {
  const table = formatTableRows(rows, columns, width);
  return [table.header, ...table.rows.flat()];
}

/** formatTable's lines, grouped by row: `rows[i]` are the lines of `rows[i]`. */
export function formatTableRows<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  width = Number.POSITIVE_INFINITY,
): TableLines {
  let shown = [...columns];
  let cells = rows.map((row) => shown.map((column) => column.value(row)));
  const cellsOf = (kept: readonly Column<T>[], narrow: boolean) =>
    rows.map((row) => kept.map((column) => (narrow && column.narrow ? column.narrow : column.value)(row)));
  let above: (string | null)[] = rows.map(() => null);
  if (tableWidth(shown, cells) > width) {
    cells = cellsOf(shown, true);
    const left: Column<T>[] = [];
    for (let index = shown.length - 1; index >= 0 && tableWidth(shown, cells) > width; index--) {
      if (!shown[index]!.optional) continue;
      left.unshift(shown[index]!);
      shown = shown.filter((_, at) => at !== index);
      cells = cellsOf(shown, true);
    }
    // The `above` cells, blank in their row (each said above its row leaves room in it).
    const blanked = (kept: readonly Column<T>[]) => {
      const index = kept.findIndex((column) => column.above);
      return cellsOf(kept, true).map((line, row) =>
        line.map((cell, at) => (at === index && above[row] ? '' : cell)),
      );
    };
    const fitsAt = (kept: readonly Column<T>[], floor: Floor) =>
      tableWidth(kept, cutToFit(kept, blanked(kept), width, floor)) <= width;
    // Cut as little as makes the table fit: a list whole if it can be (the long `above` cells going above their
    // rows for it: `hubget ls`'s QUANTS beside a 38-character id at 80 columns), else down to its first item
    // (`Q4_K_M, +2`, not `+3`); the `above` cells go above their rows when that makes the table fit so, else when cut
    // to the headers' width it still does not fit.
    // A short `above` cell stays in its row, the lists cut beside it, rather than go above for a list's sake: a
    // 9-character id on a line of its own at 60 columns doubled the table's lines to say one more quantization.
    const aboveAt = (floor: Floor) =>
      cellsAbove(
        shown,
        cells,
        aboveRoom(shown, cutToFit(shown, cells, width, 'whole'), width),
        floor === 'whole'
          ? Number.POSITIVE_INFINITY
          : aboveRoom(shown, cutToFit(shown, cells, width, floor), width),
        shortCell(width),
      );
    let floor: Floor = 'header';
    for (const tried of ['whole', 'first'] as const) {
      above = rows.map(() => null);
      if (!fitsAt(shown, tried)) above = aboveAt(tried);
      if (fitsAt(shown, tried)) {
        floor = tried;
        break;
      }
    }
    if (floor === 'header') above = aboveAt('header');
    else if (above.some((cell) => cell !== null)) {
      // The room left may take back a column left out (`hubget ls`'s TYPE and REVISIONS at 40 columns, where a long
      // id went above its row), but not from a cut column: QUANTS says as many quantizations with it as without.
      const cutCells = (kept: readonly Column<T>[]) => {
        const fitted = cutToFit(kept, blanked(kept), width, floor);
        return kept.flatMap((column, at) => (column.cut ? [fitted.map((line) => line[at])] : []));
      };
      const said = JSON.stringify(cutCells(shown));
      for (const column of left) {
        const kept = columns.filter((each) => each === column || shown.includes(each));
        if (fitsAt(kept, floor) && JSON.stringify(cutCells(kept)) === said) shown = kept;
      }
    }
    cells = cutToFit(shown, blanked(shown), width, floor);
  }
  const widths = columnWidths(shown, cells);
  const render = (line: string[]) =>
    line
      .map((cell, index) => {
        const pad = ' '.repeat(Math.max(0, widths[index]! - cellWidth(cell)));
        return shown[index]!.align === 'right' ? pad + cell : cell + pad;
      })
      .join(GAP)
      .trimEnd();
  return {
    header: render(shown.map((column) => column.header)),
    rows: cells.map((line, index) => {
      const said = above[index];
      return said === null || said === undefined
        ? [render(line)]
        : [...wrapWords(said, width, cellWidth), render(line)];
    }),
  };
}

/**
 * An `above` cell this wide or narrower is short: it stays in its row wherever it fits there, the lists beside it
 * cut (`TheBloke/tiny-GGUF  305.47 kB  Q2_K, IQ4_XS, +3` at 60 columns); a longer one (`bartowski/Llama-3.2-1B-
 * Instruct-GGUF` at 80) goes above its row wherever it keeps a list from being whole. A third of the line: the rest
 * of a row (a size, a list, a state) takes the other two.
 */
function shortCell(width: number): number {
  return Math.floor(width / 3);
}

/**
 * In a table cut to fit (cutToFit), the room the other columns leave the `above` column (not below its header's
 * width); unbounded when the table fits or has no such column.
 */
function aboveRoom<T>(columns: readonly Column<T>[], cells: readonly string[][], width: number): number {
  const index = columns.findIndex((column) => column.above);
  const total = tableWidth(columns, cells);
  if (index < 0 || total <= width) return Number.POSITIVE_INFINITY;
  return Math.max(cellWidth(columns[index]!.header), width - (total - columnWidths(columns, cells)[index]!));
}

/**
 * What each row says on a line above it (null: nothing): its `above` cell when wider than `room` (the room the table
 * cut as far as it may leaves it), or when longer than `short` and wider than `wholeRoom` (the room beside whole
 * lists).
 */
function cellsAbove<T>(
  columns: readonly Column<T>[],
  cells: readonly string[][],
  wholeRoom: number,
  room: number,
  short: number,
): (string | null)[] {
  const index = columns.findIndex((column) => column.above);
  return cells.map((line) => {
    if (index < 0) return null;
    const cell = line[index]!;
    const cellColumns = cellWidth(cell);
    return cellColumns > room || (cellColumns > short && cellColumns > wholeRoom) ? cell : null;
  });
}

function columnWidths<T>(columns: readonly Column<T>[], cells: readonly string[][]): number[] {
  return columns.map((column, index) =>
    Math.max(cellWidth(column.header), ...cells.map((line) => cellWidth(line[index]!))),
  );
}

function tableWidth<T>(columns: readonly Column<T>[], cells: readonly string[][]): number {
  const widths = columnWidths(columns, cells);
  return widths.reduce((sum, columnWidth) => sum + columnWidth, 0) + GAP.length * (widths.length - 1);
}

/**
 * How far cutToFit may cut an `items` column: not at all (`whole`), to its first item and the count of the rest
 * (`first`: `Q4_K_M, +2`), or to its header's width (`header`: `+3`). Other `cut` columns go down to their header's.
 */
type Floor = 'whole' | 'first' | 'header';

/** Cuts the widest `cut` column first, then the next, until the table fits: no further than `floor` lets it. */
function cutToFit<T>(
  columns: readonly Column<T>[],
  cells: string[][],
  width: number,
  floor: Floor,
): string[][] {
  const widths = columnWidths(columns, cells);
  const floors = columns.map((column, index) =>
    Math.max(
      cellWidth(column.header),
      ...(column.cut === 'items' && floor !== 'header'
        ? cells.map((line) => cellWidth(floor === 'whole' ? line[index]! : firstItem(line[index]!)))
        : []),
    ),
  );
  let excess = tableWidth(columns, cells) - width;
  while (excess > 0) {
    const cuttable = columns
      .map((column, index) => ({ column, index }))
      .filter(({ column, index }) => column.cut && widths[index]! > floors[index]!);
    if (cuttable.length === 0) break;
    const widest = cuttable.reduce((a, b) => (widths[b.index]! > widths[a.index]! ? b : a));
    const next = Math.max(floors[widest.index]!, widths[widest.index]! - excess);
    excess -= widths[widest.index]! - next;
    widths[widest.index] = next;
  }
  return cells.map((line) =>
    line.map((cell, index) => {
      const side = columns[index]!.cut;
      if (side === 'items') return cutItems(cell, widths[index]!);
      return side ? cutText(cell, widths[index]!, side) : cell;
    }),
  );
}

/**
 * Lines said under a table (a total), fitted to the same width: the first of their `forms` (each the same
 * facts, shorter, then on more lines) whose every line fits; the last one when none does (it wraps).
 */
export function fitLines(forms: readonly (readonly string[])[], width = Number.POSITIVE_INFINITY): string[] {
  const fitting = forms.find((lines) => lines.every((line) => cellWidth(line) <= width));
  return [...(fitting ?? forms.at(-1) ?? [])];
}

/**
 * `text` in at most `width` columns, `…` where it was cut: `end` keeps its start, `start` keeps its end.
 * Columns are counted by `measure` (code points here; the progress bars pass display widths).
 */
export function cutText(
  text: string,
  width: number,
  side: 'start' | 'end',
  measure: (text: string) => number = cellWidth,
): string {
  if (measure(text) <= width) return text;
  const chars = [...text];
  let kept = '';
  while (chars.length > 0) {
    const next = side === 'end' ? kept + chars.shift()! : chars.pop()! + kept;
    if (measure(next) + 1 > width) break;
    kept = next;
  }
  return side === 'end' ? kept + ELLIPSIS : ELLIPSIS + kept;
}
