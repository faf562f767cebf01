/**
 * The bars drawn again when the terminal is resized. cli-progress (3.12) does not listen to the stream's
 * 'resize': its next frame moves the cursor up by as many rows as it drew bars. A terminal that reflows its
 * lines on resize (tmux, iTerm2, GNOME Terminal, Windows Terminal, kitty…) cuts each line wider than the new
 * width into several rows, so after a shrink the frame starts inside the old block and leaves the old bars'
 * pieces above and below the new ones. On 'resize' the cursor goes back to the top of the block as the
 * terminal laid it out anew (each drawn line takes `ceil(width / columns)` rows), everything from there down
 * is erased, and the bars are drawn again at the new width. The cursor cannot go above the screen: rows the
 * reflow pushed into the scrollback (tmux keeps the cursor's row, so the top of a grown block goes there) keep
 * what they showed, in the scrollback only.
 *
 * That count is exact because (tty-renderer.ts sets the last two):
 * - after each frame the cursor rests at the start of its row (a CR here), which a reflow keeps on the
 *   first row of that line (at its end, it would go to the line's last row);
 * - each bar erases its row whole before it is drawn: tmux counts a row as wide as the widest text written
 *   on it since it was last erased whole, and would cut a bar drawn over a longer text into as many rows;
 * - every frame draws every bar (`forceRedraw`), so each row holds what its bar drew last.
 * A terminal that does not reflow (xterm) cuts the lines instead: the cursor then goes up further than the
 * block, and the bars are drawn over as many lines above it (those lines are lost, no bar is left behind).
 * The test terminal: test/support/cli/terminal-screen.ts.
 */
import type cliProgress from 'cli-progress';
import { displayWidth, terminalColumns } from './terminal-width.js';

/** What cli-progress 3.12 keeps and its types leave out (lib/multi-bar.js, lib/terminal.js, lib/generic-bar.js). */
interface DrawnBlock {
  /** `dy`: the row the cursor is on, counted from the block's first. */
  terminal: { dy: number };
  /** In the order drawn, one row each: `lastDrawnString` is what the bar's row shows. */
  bars: ReadonlyArray<{ lastDrawnString: string | null }>;
}

const CURSOR_UP = (rows: number): string => (rows > 0 ? `\u001b[${rows}A` : '');
/** Erases from the cursor to the screen's end (the renderer's logged lines erase the bars' rows with it too). */
export const ERASE_TO_END_OF_SCREEN = '\u001b[J';

/** Rows that `lines` take on a terminal of `columns` that cut each longer line into rows of that width. */
export function rowsTaken(lines: readonly string[], columns: number): number {
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / columns)), 0);
}

/** Redraws `multiBar`'s bars on `stream` from the top of their block after each resize; returns the detach. */
export function redrawOnResize(
  multiBar: cliProgress.MultiBar,
  stream: NodeJS.WritableStream & { columns?: number },
): () => void {
  const atRowStart = (): void => {
    stream.write('\r');
  };
  const onResize = (): void => {
    if (!multiBar.isActive) return;
    const { terminal, bars } = multiBar as unknown as DrawnBlock;
    const above = bars.slice(0, terminal.dy).map((bar) => bar.lastDrawnString ?? '');
    stream.write(
      `\r${CURSOR_UP(rowsTaken(above, terminalColumns(stream.columns)))}${ERASE_TO_END_OF_SCREEN}`,
    );
    terminal.dy = 0;
    multiBar.update();
  };
  multiBar.on('redraw-post', atRowStart);
  stream.on('resize', onResize);
  return () => {
    multiBar.off('redraw-post', atRowStart);
    stream.off('resize', onResize);
  };
}
