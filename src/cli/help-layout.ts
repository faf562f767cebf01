/**
 * `hubget --help` and `hubget <command> --help` fitted to the terminal by commander's own wrapping: it wraps the
 * descriptions to the width of stdout (stderr for help after an error) when that is a terminal, 80 columns
 * when piped. Two settings make that work on a narrow one (60 columns), where commander left the lines whole
 * and the terminal broke them mid-word:
 * - commander wraps a description only when at least `minWidthToWrap` columns (its default: 40) are left beside
 *   the longest term; `download`'s options leave 31 at 60 columns. Here any 20 do.
 * - the command list's terms (`download [options] <REPO_ID> [FILENAMES...]`, 45 columns) left no room at all:
 *   when the longest does not leave that much, the list names the commands only (`download`, `info|show`), whose
 *   own help gives their usage. Reference: docs/cli.md (after the synopsis).
 */
import { type Command, Help } from 'commander';
import { terminalColumns } from './renderers/terminal-columns.js';

/** The fewest columns a description is wrapped into beside its term (commander: 40). */
export const MIN_HELP_WRAP_COLUMNS = 20;

/** Columns commander puts around a term: two before it, two between it and its description. */
const TERM_MARGINS = 4;

/** The help's width when it is piped: commander's own. */
const PIPED_HELP_WIDTH = 80;

/** The width the help fits on `stream` (commander's getOutHelpWidth, getErrHelpWidth): its terminal's columns. */
export function helpWidthOf(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY ? terminalColumns(stream.columns) : PIPED_HELP_WIDTH;
}

/** `info|show`: a command's name and its first alias, as commander's own term begins. */
function shortTerm(command: Command): string {
  const alias = command.aliases()[0];
  return alias === undefined ? command.name() : `${command.name()}|${alias}`;
}

function fullTerm(command: Command): string {
  return Help.prototype.subcommandTerm.call(new Help(), command);
}

/** The help settings of every command (program.ts sets them on the program and each command). */
export const HELP_LAYOUT = {
  minWidthToWrap: MIN_HELP_WRAP_COLUMNS,
  subcommandTerm(this: Help, command: Command): string {
    const siblings = command.parent?.commands ?? [command];
    const longest = Math.max(...siblings.map((sibling) => fullTerm(sibling).length));
    const room = (this.helpWidth ?? PIPED_HELP_WIDTH) - longest - TERM_MARGINS;
    return room >= MIN_HELP_WRAP_COLUMNS ? fullTerm(command) : shortTerm(command);
  },
} satisfies Partial<Help>;
