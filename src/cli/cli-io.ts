import { printableLine } from '../format/printable.js';

/** The process surface the CLI writes to, injectable so commands can be driven in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** For confirmations (`hubget rm`); absent: nothing can be asked. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Registers a signal handler; returns its removal. */
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdin: process.stdin,
    onSignal(signal, handler) {
      process.on(signal, handler);
      return () => process.off(signal, handler);
    },
  };
}

/** One line of output; control characters from the network, newlines and tabs too, made visible (printable.ts). */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${printableLine(line)}\n`);
}
