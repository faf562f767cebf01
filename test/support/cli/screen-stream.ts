/**
 * A TTY stream for a renderer under test, drawn on a TerminalScreen (terminal-screen.ts): what the user
 * would see, and a resize as a terminal does it (the screen reflows, then the program hears 'resize').
 */
import { Writable } from 'node:stream';
import { TerminalScreen } from './terminal-screen.js';

export function screenStream(columns: number) {
  const screen = new TerminalScreen(columns);
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen.write(chunk.toString('utf8'));
      done();
    },
  });
  const stream = Object.assign(writable, { isTTY: true, columns });
  return {
    stream,
    screen,
    /** The terminal is resized and reflows its lines, then tells the program (SIGWINCH: 'resize'). */
    resize(to: number): void {
      stream.columns = to;
      screen.resize(to);
      stream.emit('resize');
    },
  };
}
