/**
 * stdout that cannot be written (a full disk behind `> file`, `> /dev/full`, an I/O error; a reader that went
 * away): the command ends with one error line and a non-zero status instead of a Node stack or a silent
 * success. A closed pipe (`hubget download … --json | head -1`) is the normal Unix case: 141, nothing printed.
 */
import { HubgetError, toHubgetError } from '../errors.js';
import { EXIT_BROKEN_PIPE, FORCED_EXIT_AFTER_MS, reportFailure } from './cli-error.js';

/** `error [DISK_FULL]: Cannot write to standard output: No space left on device`. */
export function outputError(error: unknown): HubgetError {
  const reason = toHubgetError(error, 'IO_ERROR');
  return new HubgetError(reason.code, `Cannot write to standard output: ${reason.message}`, {
    cause: error,
  });
}

/**
 * stderr that cannot be written (the terminal it went to closed: EIO; a full disk behind `2> file`) has nowhere
 * to report to: its error is dropped. Uncaught, it killed the process at the write: `hubget serve` whose terminal
 * closed died writing "Cannot write to standard output" on stderr in the middle of its stop, which the next start
 * counted as cut off.
 */
export function ignoreStderrFailure(stream: NodeJS.WritableStream): void {
  stream.on('error', () => {});
}

/** Reports a failed write to stdout on stderr (nothing for a closed pipe); returns the exit status. */
export function outputFailureStatus(
  io: { stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
  error: unknown,
): number {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return EXIT_BROKEN_PIPE;
  return reportFailure(io, outputError(error));
}

/**
 * Resolves once everything written to `stream` so far has been handed to the system, with the error of a
 * write that failed (undefined when all went through). A write's error reaches the stream's `error` event
 * only on a later tick: a command that exits right after its last line must wait for this first. Nothing is
 * written when nothing is pending (an empty write fails on /dev/full even when the command wrote nothing).
 */
export function outputSettled(stream: NodeJS.WritableStream): Promise<Error | undefined> {
  const state = stream as NodeJS.WritableStream & { errored?: Error | null; writableLength?: number };
  if (state.errored) return Promise.resolve(state.errored);
  if (!state.writableLength) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // Queued behind the pending writes: its callback comes after theirs.
    stream.write('', (error?: Error | null) => {
      resolve(error ? (state.errored ?? error) : undefined);
    });
  });
}

/** What main.ts learns from watching stdout (watchOutput). */
export interface OutputWatch {
  /**
   * Registers how to stop the running command when stdout fails (CliIo.onOutputFailure); returns its removal.
   * While one is registered, the process does not exit at once: the command stops as on Ctrl-C, returns, and
   * main.ts exits with `failedStatus`, or the watch exits after FORCED_EXIT_AFTER_MS.
   */
  onFailure(stop: () => void): () => void;
  /** The exit status of the failure once stdout failed (its error line already reported), else undefined. */
  readonly failedStatus: number | undefined;
}

/**
 * Watches `stream` (stdout) for a failed write. A download that is running is stopped first, so it keeps or
 * removes its temp files as on a pause (`… --json | head -1` left 0-byte temp files behind when the process
 * exited at once); with nothing registered the process exits at once, as before.
 */
export function watchOutput(
  stream: NodeJS.WritableStream,
  io: { stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
  exit: (status: number) => void = (status) => process.exit(status),
): OutputWatch {
  const stops = new Set<() => void>();
  let failedStatus: number | undefined;
  stream.on('error', (error: unknown) => {
    if (failedStatus !== undefined) return;
    failedStatus = outputFailureStatus(io, error);
    const status = failedStatus;
    if (stops.size === 0) {
      exit(status);
      return;
    }
    for (const stop of [...stops]) stop();
    setTimeout(() => exit(status), FORCED_EXIT_AFTER_MS).unref();
  });
  return {
    onFailure(stop) {
      stops.add(stop);
      return () => {
        stops.delete(stop);
      };
    },
    get failedStatus() {
      return failedStatus;
    },
  };
}
