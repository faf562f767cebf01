/**
 * Entry point of the `hubget` command (bin/hubget). Exits explicitly once the command is done, so idle
 * keep-alive sockets or timers of the engine never keep a finished CLI alive.
 */
import { reportFailure } from './cli-error.js';
import { processIo } from './cli-io.js';
import { mayNeedServe } from './client-commands.js';
import { ignoreStderrFailure, outputFailureStatus, outputSettled, watchOutput } from './output-failure.js';
import { createProgram, runProgram } from './program.js';

// stdout that cannot be written ends the command: `… --json | head -1` (the reader went away) like other
// Unix tools (128 + SIGPIPE), a full disk or an I/O error with one error line (output-failure.ts). A running
// download is stopped first, as on Ctrl-C: finished ranges stay on disk with their resume maps, so running
// the command again resumes (exiting at once left the temp files it had just created, empty and without maps).
ignoreStderrFailure(process.stderr);
const output = watchOutput(process.stdout, { stderr: process.stderr, env: process.env });
const io = processIo(output.onFailure);
let exitStatus: number | undefined;

/** Exits once stdout took the last lines: the path printed last must not be lost unnoticed. */
async function exitWhenWritten(status: number): Promise<never> {
  const failed = await outputSettled(process.stdout);
  // A failure the watch saw is reported already: its status, not the command's.
  if (output.failedStatus !== undefined) process.exit(output.failedStatus);
  process.exit(failed === undefined ? status : outputFailureStatus(io, failed));
}

/**
 * Parses the command line and runs the command. Not top-level `await`: the one-file bundle of the client
 * commands is CommonJS (scripts/bundle-cli.ts), which has none.
 */
async function main(): Promise<void> {
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
}

void main();
