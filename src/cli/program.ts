/** The `hubget` command tree. main.ts runs it; tests can build it with their own CliIo. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EXIT_SUCCESS, EXIT_USAGE } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { type ExitWith, registerDownloadCommand } from './download-command.js';
import { refuseEmptyFolderOptions } from './empty-folder-options.js';
import { HELP_LAYOUT, helpWidthOf } from './help-layout.js';
import { registerInfoCommand } from './info-command.js';
import { registerLsCommand } from './ls-command.js';
import { registerRmCommand } from './rm-command.js';
import { registerSearchCommand } from './search-command.js';
import { terminalText } from './terminal-lines.js';
import { usageErrorText } from './usage-error-text.js';
import { registerVerifyCommand } from './verify-command.js';

export interface ProgramOptions {
  /**
   * Load the `serve` command (Fastify, the server, the store). `hubget download` skips it: a download
   * should not pay the server's start-up time and memory. Default true.
   */
  includeServe?: boolean;
}

export async function createProgram(
  io: CliIo,
  exitWith: ExitWith,
  options: ProgramOptions = {},
): Promise<Command> {
  const program = new Command('hubget')
    .description('Fast, observable downloads from the Hugging Face Hub, and a server with a web UI')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // The help fits COLUMNS or the terminal it goes to (help-layout.ts); piped, commander's 80 columns.
      getOutHelpWidth: () => helpWidthOf(io.stdout, io.env),
      getErrHelpWidth: () => helpWidthOf(io.stderr, io.env),
      // A usage error naming a bad value once (usage-error-text.ts), on a terminal broken at spaces to its width
      // (terminal-lines.ts).
      outputError: (text, write) => write(terminalText(io.stderr, usageErrorText(text))),
    })
    .configureHelp(HELP_LAYOUT)
    .showSuggestionAfterError(true)
    .exitOverride();
  registerDownloadCommand(program, io, exitWith);
  registerSearchCommand(program, io, exitWith);
  registerInfoCommand(program, io, exitWith);
  registerLsCommand(program, io, exitWith);
  registerRmCommand(program, io, exitWith);
  registerVerifyCommand(program, io, exitWith);
  if (options.includeServe ?? true) await registerServe(program, io);
  refuseEmptyFolderOptions(program);
  // Subcommands built elsewhere (serve) must also report usage errors instead of exiting on their own.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).configureHelp(HELP_LAYOUT);
  }
  return program;
}

async function registerServe(program: Command, io: CliIo): Promise<void> {
  try {
    const { registerServeCommand } = await import('./serve-command.js');
    registerServeCommand(program, io);
  } catch (error) {
    // A checkout without the server part still downloads; `hubget serve` is then an unknown command.
    const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    if (!missing || !String((error as Error).message).includes('serve-command')) throw error;
  }
}

/**
 * Parses argv and runs the command. Usage errors (unknown command or flag, bad value) exit 2 after
 * commander printed its message; help and version exit 0.
 */
export async function runProgram(program: Command, argv: string[]): Promise<number | undefined> {
  try {
    await program.parseAsync(argv);
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_SUCCESS : EXIT_USAGE;
    throw error;
  }
}

/** Version from package.json, found by walking up from this file (src/cli or dist/src/cli). */
function packageVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'hubget' && manifest.version) return manifest.version;
    } catch {
      // Not here; keep walking up.
    }
    directory = dirname(directory);
  }
  return '0.0.0';
}
