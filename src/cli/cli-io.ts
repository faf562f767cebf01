import { printableLine } from '../format/printable.js';
import { shellWord } from '../format/shell-word.js';
import { terminalColumns } from './renderers/terminal-columns.js';

/** The process surface the CLI writes to, injectable so commands can be driven in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** For confirmations (`hubget rm`); absent: nothing can be asked. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Registers a signal handler; returns its removal. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): () => void;
  /**
   * Registers how to stop the command when stdout can no longer be written (its reader went away, a full
   * disk); returns its removal. The process exits with the output's status once the command returned
   * (output-failure.ts, watchOutput). Absent: the command is not told (in-process callers).
   */
  onOutputFailure?(stop: () => void): () => void;
}

export function processIo(onOutputFailure?: CliIo['onOutputFailure']): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdin: process.stdin,
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
    ...(onOutputFailure && { onOutputFailure }),
  };
}

/** One line of output; control characters from the network, newlines and tabs too, made visible (printable.ts). */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${printableLine(line)}\n`);
}

/** The width a table on stdout fits (format-table.ts): the terminal's columns; no limit when piped. */
export function tableWidth(io: Pick<CliIo, 'stdout'>): number {
  return io.stdout.isTTY ? terminalColumns(io.stdout.columns) : Number.POSITIVE_INFINITY;
}

/**
 * A path printed as stdout's result (the download's last line): on a terminal quoted when it holds a space, as `ls`
 * prints a name there (shell-word.ts); piped, as it is: `MODEL=$(hubget download …)` reads it.
 */
export function resultPathLine(io: Pick<CliIo, 'stdout'>, path: string): string {
  return io.stdout.isTTY ? shellWord(path) : path;
}
