import { describe, expect, it } from 'vitest';
import { TerminalScreen } from './terminal-screen.js';

// The same bytes as printf in tmux 3.3a (120 columns, then `resize-window -x 60`), and what tmux showed.
describe('TerminalScreen', () => {
  it('reflows a row as wide as the widest it was written, until erased whole, as tmux does', () => {
    const erasedRight = new TerminalScreen(120);
    erasedRight.write(`${'A'.repeat(100)}\rshort\u001b[K\nB\n${'D'.repeat(100)}\rshorter\u001b[K`);
    erasedRight.resize(60);
    expect(erasedRight.lines()).toEqual(['short', '', 'B', 'shorter']);

    const erasedWhole = new TerminalScreen(120);
    erasedWhole.write(`${'A'.repeat(100)}\r\u001b[2Kshort\nB\n${'D'.repeat(100)}\r\u001b[2Kshorter\r`);
    erasedWhole.resize(60);
    expect(erasedWhole.lines()).toEqual(['short', 'B', 'shorter']);
  });

  it('keeps the cursor in its line: at its place, or at the end when it stood past the text', () => {
    const screen = new TerminalScreen(120);
    // The cursor at the end of a 100-column line: after the cut it is at the end of the second row.
    screen.write(`top\n${'x'.repeat(100)}`);
    screen.resize(60);
    screen.write('\u001b[1A\rup');
    expect(screen.lines()).toEqual(['top', `up${'x'.repeat(58)}`, 'x'.repeat(40)]);
    // Wider again: the cut line is one row again, and the cursor at its start stays there.
    screen.write('\r');
    screen.resize(120);
    screen.write('\u001b[1A\u001b[2Ktop!');
    expect(screen.lines()).toEqual(['top!', `up${'x'.repeat(98)}`]);
  });
});
