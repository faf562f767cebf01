/**
 * Entry point of the `hubget` command (bin/hubget). Exits explicitly once the command is done, so idle
 * keep-alive sockets or timers of the engine never keep a finished CLI alive.
 */
import { EXIT_BROKEN_PIPE, reportFailure } from './cli-error.js';
import { processIo } from './cli-io.js';
import { mayNeedServe } from './client-commands.js';
import { createProgram, runProgram } from './program.js';

const io = processIo();
// `hubget download … --json | head -1`: the reader went away. Stop like other Unix tools (128 + SIGPIPE);
// finished ranges are on disk, so running the command again resumes.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  throw error;
});
let exitStatus: number | undefined;

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
  if (usageStatus !== undefined) process.exit(usageStatus);
  if (exitStatus !== undefined) process.exit(exitStatus);
} catch (error) {
  process.exit(reportFailure(io, error));
}
