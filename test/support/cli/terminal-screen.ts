/**
 * A model of a terminal that reflows its lines on resize, as tmux does (grid_reflow in tmux 3.3): for testing
 * what a renderer leaves on the screen, not only the bytes it writes. What it models:
 * - printable characters, one column each (enough for the bars: █ ░ … are one column wide), CR, LF (as the
 *   PTY's line discipline sends it: CR LF), ESC 7 / ESC 8, CSI n A/B/C/D/G, CSI K (0, 1, 2), CSI J (0), and
 *   auto-wrap on/off (CSI ?7h / ?7l); other CSI sequences (the cursor's visibility) are read and ignored;
 * - each row's extent: the widest it was written since it was last erased whole (tmux's `cellused`: CSI K
 *   from column 0, CSI 2K or CSI J over it reset it; CSI K from further right does not);
 * - on resize, rows that auto-wrapped into the next are joined, then every line wider than the new width is
 *   cut into rows of that width (the cells up to its extent, blanks included), and a line that now fits in
 *   fewer rows is joined; the cursor keeps its place in its line, or goes to the line's end when it stood at
 *   or past the line's extent (grid_wrap_position / grid_unwrap_position).
 * Not modelled: a screen height (rows never scroll away: the cursor moves over all of them), wide characters.
 */

interface Row {
  cells: string[];
  /** Columns written since the row was last erased whole. */
  extent: number;
  /** The line goes on in the next row (auto-wrapped, or cut by a resize). */
  wrapped: boolean;
}

const emptyRow = (): Row => ({ cells: [], extent: 0, wrapped: false });

export class TerminalScreen {
  #columns: number;
  #rows: Row[] = [emptyRow()];
  #x = 0;
  #y = 0;
  #saved = { x: 0, y: 0 };
  #autoWrap = true;

  constructor(columns: number) {
    this.#columns = columns;
  }

  /** The screen's rows as text, blanks at their ends and empty rows at the bottom left out. */
  lines(): string[] {
    const lines = this.#rows.map((row) => row.cells.join('').replace(/\s+$/, ''));
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  write(data: string): void {
    for (let i = 0; i < data.length; ) {
      const char = data[i]!;
      if (char === '\u001b') {
        const csi = /^\u001b\[(\??)([0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (csi) {
          this.#control(csi[1]!, csi[2]!, csi[3]!);
          i += csi[0].length;
        } else {
          if (data[i + 1] === '7') this.#saved = { x: this.#x, y: this.#y };
          if (data[i + 1] === '8') ({ x: this.#x, y: this.#y } = this.#saved);
          i += 2;
        }
        continue;
      }
      if (char === '\r') this.#x = 0;
      else if (char === '\n') this.#lineFeed();
      else this.#print(char);
      i += 1;
    }
  }

  resize(columns: number): void {
    // The cursor's place in its line (undefined: at the line's end).
    let cursorLine = 0;
    let cursorOffset: number | undefined;
    const lines: string[][] = [];
    let line: string[] = [];
    for (const [index, row] of this.#rows.entries()) {
      if (index === this.#y) {
        cursorLine = lines.length;
        cursorOffset = this.#x < row.extent ? line.length + this.#x : undefined;
      }
      line.push(...Array.from({ length: row.extent }, (_, x) => row.cells[x] ?? ' '));
      if (!row.wrapped) {
        lines.push(line);
        line = [];
      }
    }
    if (line.length > 0) lines.push(line);
    this.#columns = columns;
    this.#rows = [];
    for (const [index, cells] of lines.entries()) {
      const first = this.#rows.length;
      for (let start = 0; start === 0 || start < cells.length; start += columns) {
        const part = cells.slice(start, start + columns);
        this.#rows.push({ cells: part, extent: part.length, wrapped: start + columns < cells.length });
      }
      if (index !== cursorLine) continue;
      const offset = cursorOffset ?? cells.length;
      const row = Math.min(Math.floor(offset / columns), this.#rows.length - 1 - first);
      this.#y = first + row;
      this.#x = Math.min(offset - row * columns, columns - 1);
    }
  }

  #control(privateMode: string, parameters: string, final: string): void {
    const n = Number(parameters || '0');
    const count = Math.max(1, n);
    if (privateMode === '?') {
      if (parameters === '7') this.#autoWrap = final === 'h';
      return;
    }
    switch (final) {
      case 'A':
        this.#y = Math.max(0, this.#y - count);
        break;
      case 'B':
        this.#moveDown(count);
        break;
      case 'C':
        this.#x = Math.min(this.#columns - 1, this.#x + count);
        break;
      case 'D':
        this.#x = Math.max(0, this.#x - count);
        break;
      case 'G':
        this.#x = Math.min(this.#columns - 1, count - 1);
        break;
      case 'K':
        this.#eraseInRow(this.#y, n === 0 ? this.#x : 0, n === 1 ? this.#x + 1 : this.#columns);
        break;
      case 'J':
        if (n !== 0) throw new Error(`CSI ${n}J is not modelled`);
        this.#eraseInRow(this.#y, this.#x, this.#columns);
        for (let y = this.#y + 1; y < this.#rows.length; y++) this.#rows[y] = emptyRow();
        break;
    }
  }

  #eraseInRow(y: number, from: number, to: number): void {
    const row = this.#rows[y]!;
    if (from === 0 && to >= this.#columns) {
      this.#rows[y] = emptyRow();
      return;
    }
    for (let x = from; x < Math.min(to, row.cells.length); x++) row.cells[x] = ' ';
  }

  #print(char: string): void {
    if (this.#x >= this.#columns) {
      if (this.#autoWrap) {
        this.#rows[this.#y]!.wrapped = true;
        this.#lineFeed();
      } else this.#x = this.#columns - 1;
    }
    const row = this.#rows[this.#y]!;
    while (row.cells.length < this.#x) row.cells.push(' ');
    row.cells[this.#x] = char;
    row.extent = Math.max(row.extent, this.#x + 1);
    this.#x += 1;
  }

  #lineFeed(): void {
    this.#moveDown(1);
    this.#x = 0;
  }

  #moveDown(count: number): void {
    this.#y += count;
    while (this.#rows.length <= this.#y) this.#rows.push(emptyRow());
  }
}
