/**
 * Entry point of the `hubget` command (bin/hubget). Exits explicitly once the command is done, so idle
 * keep-alive sockets or timers of the engine never keep a finished CLI alive.
 */
import { reportFailure } from './cli-error.js';
import { processIo } from './cli-io.js';
import { mayNeedServe } from './client-commands.js';
import { outputFailureStatus, outputSettled } from './output-failure.js';
import { createProgram, runProgram } from './program.js';

const io = processIo();
// stdout that cannot be written ends the command: `… --json | head -1` (the reader went away) like other
// Unix tools (128 + SIGPIPE), a full disk or an I/O error with one error line (output-failure.ts). Finished
// ranges are on disk, so running the command again resumes.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  process.exit(outputFailureStatus(io, error));
});
let exitStatus: number | undefined;

/** Exits once stdout took the last lines: the path printed last must not be lost unnoticed. */
async function exitWhenWritten(status: number): Promise<never> {
  const failed = await outputSettled(process.stdout);
  process.exit(failed === undefined ? status : outputFailureStatus(io, failed));
}

try {
  const program = await createProgram(
    io,
    (status) => {
      exitStatus = status;
    },
    { includeServe: mayNeedServe(process.argv) },
  );
  const usageStatus = await runProgram(program, process.argv);
  // serve (and any command that does not report a status) keeps running until it exits by itself.
  if (usageStatus !== undefined) await exitWhenWritten(usageStatus);
  if (exitStatus !== undefined) await exitWhenWritten(exitStatus);
} catch (error) {
  await exitWhenWritten(reportFailure(io, error));
}
