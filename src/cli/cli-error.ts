/** How the CLI ends: exit statuses and the one-line error message (docs/cli.md "Exit status"). */
import type { Command } from 'commander';
import { type HubgetError, toHubgetError } from '../errors.js';
import { printable } from '../format/printable.js';
import { needsSpaceFreed, rerunMayHelp } from '../format/resumable-failure.js';
import { formatBytes } from '../format/units.js';
import type { CliIo } from './cli-io.js';
import { lineWriter } from './terminal-lines.js';
import { tokenHint } from './token-hint.js';

export const EXIT_SUCCESS = 0;
/** Any failure of the command itself: `error [CODE]: message` on stderr. */
export const EXIT_FAILURE = 1;
/** Bad usage: unknown command or flag, missing or malformed argument. */
export const EXIT_USAGE = 2;
/** Interrupted by SIGINT (128 + 2, the shell convention). */
export const EXIT_INTERRUPTED = 130;
/** stdout was closed by its reader (128 + SIGPIPE 13). */
export const EXIT_BROKEN_PIPE = 141;
/** Terminated by SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

/**
 * After Ctrl-C, SIGTERM or a stdout that failed, how long a download gets to stop cleanly (keep its temp files
 * with their resume maps, remove those it only created) before the process exits anyway.
 */
export const FORCED_EXIT_AFTER_MS = 3000;

const RESUME_HINT = 'run the same command again to resume';

/** What a stopped download keeps on disk (the last progress the command saw); undefined before any byte is. */
type Kept = { downloaded: number; total: number } | undefined;

/** `58.40 MB of 125.83 MB kept`, or undefined when nothing is on disk yet. */
function keptBytes(kept: Kept): string | undefined {
  if (kept === undefined || kept.downloaded <= 0) return undefined;
  return `${formatBytes(kept.downloaded)} of ${formatBytes(kept.total)} kept`;
}

/**
 * `Interrupted: 58.40 MB of 125.83 MB kept — run the same command again to resume`: what is on disk (the
 * last progress the command saw), or the bare hint before any byte is.
 */
export function interruptedMessage(kept?: Kept): string {
  const bytes = keptBytes(kept);
  return bytes === undefined ? `Interrupted — ${RESUME_HINT}` : `Interrupted: ${bytes} — ${RESUME_HINT}`;
}

/**
 * ` — 58.40 MB of 125.83 MB kept: run the same command again to resume`, added to the error line of a failed
 * download a second run may finish, once bytes of it are on disk (the last progress the command saw): the
 * error alone reads as if everything were lost (which failures: src/format/resumable-failure.ts, the web UI's
 * rule too). After a full disk, `… kept: free some space, then run the same command again to resume`: run again
 * as it is, it fails the same way. Empty otherwise.
 */
export function keptSuffix(error: HubgetError, kept?: Kept): string {
  const bytes = keptBytes(kept);
  if (bytes === undefined || !rerunMayHelp(error.code)) return '';
  return ` — ${bytes}: ${needsSpaceFreed(error.code) ? 'free some space, then ' : ''}${RESUME_HINT}`;
}

/**
 * A usage error found once the arguments are parsed (a missing argument only the command can tell, two
 * flags that disagree): commander's `error: …` line and EXIT_USAGE, like the errors commander finds itself.
 */
export function failUsage(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: EXIT_USAGE, code: 'hubget.usage' });
}

/**
 * `error [REPO_NOT_FOUND]: Repository not found: org/name` — one line (a message's own newlines made spaces);
 * written on a terminal, broken at spaces to its width (terminal-lines.ts).
 */
export function errorLine(error: unknown): string {
  const hubgetError = toCliError(error);
  const hint = tokenHint(hubgetError);
  return `error [${hubgetError.code}]: ${oneLine(hubgetError.message)}${hint === undefined ? '' : ` (${hint})`}`;
}

/**
 * Unexpected exceptions (bugs) become INTERNAL_ERROR with their message, so the output shape never
 * changes and a bug never reads as a network failure (docs/errors.md).
 */
export function toCliError(error: unknown): HubgetError {
  return toHubgetError(error);
}

/** Whether to print the stack after the error line: with HUBGET_DEBUG=1, and always for a bug. */
export function showsDetails(error: unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  return isDebugEnabled(env) || toCliError(error).code === 'INTERNAL_ERROR';
}

/** Stack and cause chain (see showsDetails). */
export function debugDetails(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('Caused by:');
  }
  return parts.join('\n');
}

export function isDebugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.HUBGET_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Prints the error line, on a terminal broken at spaces to its width (terminal-lines.ts), and the details (always for
 * a bug, else with HUBGET_DEBUG=1); returns EXIT_FAILURE.
 */
export function reportFailure(io: Pick<CliIo, 'stderr' | 'env'>, error: unknown): number {
  lineWriter(io.stderr)(errorLine(error));
  writeDetails(io, error);
  return EXIT_FAILURE;
}

/** The stack and cause chain under the error line, with HUBGET_DEBUG=1 (several lines, each escaped). */
export function writeDetails(
  io: { stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
  error: unknown,
): void {
  if (showsDetails(error, io.env)) io.stderr.write(`${printable(debugDetails(error))}\n`);
}
