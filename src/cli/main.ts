/**
 * Entry point of the `hubget` command (bin/hubget). Exits explicitly once the command is done, so idle
 * keep-alive sockets or timers of the engine never keep a finished CLI alive.
 */
import { debugDetails, EXIT_FAILURE, errorLine, isDebugEnabled } from './cli-error.js';
import { processIo } from './cli-io.js';
import { createProgram, mayNeedServe, runProgram } from './program.js';

const io = processIo();
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
  io.stderr.write(`${errorLine(error)}\n`);
  if (isDebugEnabled(io.env)) io.stderr.write(`${debugDetails(error)}\n`);
  process.exit(EXIT_FAILURE);
}
