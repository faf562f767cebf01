/**
 * `hubget --help` and `hubget <command> --help` fitted to the terminal: commander's layout (a term, its
 * description wrapped beside it at words) with three settings, so that no line is wider than the terminal and
 * none is broken mid-word by it, down to 40 columns. Reference: docs/cli.md (after the synopsis).
 * - commander wraps a description only when at least `minWidthToWrap` columns (its default: 40) are left beside
 *   the longest term; `download`'s options leave 31 at 60 columns. Here any 20 do.
 * - when fewer are left, or fewer than the longest word of a description takes (`download --help` below 60
 *   columns: its longest option takes 25, the margins 4, and `XDG_CACHE_HOME/huggingface/hub,` 31), every
 *   description of the help goes under its term, indented and wrapped to the whole width, where commander left
 *   each whole on its term's line (or the long word past the edge) for the terminal to break mid-word.
 * - the command list's terms (`download [options] <REPO_ID> [FILENAMES...]`, 45 columns) left no room at all:
 *   when the longest does not leave 40 columns, the list names the commands only (`download`, `info|show`), whose
 *   own help gives their usage. A `Usage:` line wider than the help is wrapped at words, indented under itself.
 */
import { type Command, Help } from 'commander';
import { terminalColumns } from './renderers/terminal-columns.js';

/** The fewest columns a description is wrapped into beside its term (commander: 40); else it goes under it. */
export const MIN_HELP_WRAP_COLUMNS = 20;

/**
 * The fewest columns the command list's descriptions get beside the commands' usage (`download [options]
 * <REPO_ID> [FILENAMES...]`, 45 columns), commander's own `minWidthToWrap`; else it names the commands only. At 20
 * (the options' limit) a 70-column `hubget --help` wrapped each description into a 21-column strip, 80 into 31.
 */
export const MIN_COMMAND_LIST_WRAP_COLUMNS = 40;

/** Columns commander puts around a term: two before it, two between it and its description. */
const TERM_MARGINS = 4;

/** A description under its term starts this far in: two columns past the term's own indent of two. */
const STACKED_INDENT = ' '.repeat(6);

/** The help's width when it is piped: commander's own. */
const PIPED_HELP_WIDTH = 80;

/** `Usage: `: a wrapped usage line goes on under its first word. */
const USAGE_TITLE = 'Usage: ';

/**
 * The width the help fits on `stream` (commander's getOutHelpWidth, getErrHelpWidth): COLUMNS when it is set
 * (as GNU tools and `hf --help` read it; `COLUMNS=40 hubget --help | less`), else its terminal's columns,
 * else (piped) 80.
 */
export function helpWidthOf(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
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

/** The helps (one Help per output, commander's createHelp) whose descriptions go under their terms. */
const stackedHelps = new WeakSet<Help>();

/** Whether `command`'s descriptions leave too little room beside the terms: fewer columns than 20 or a word. */
function needsStacking(helper: Help, command: Command, width: number): boolean {
  const descriptions = [
    ...helper.visibleArguments(command).map((argument) => helper.argumentDescription(argument)),
    ...helper.visibleOptions(command).map((option) => helper.optionDescription(option)),
    ...helper.visibleCommands(command).map((sub) => helper.subcommandDescription(sub)),
  ];
  const longestWord = Math.max(
    0,
    ...descriptions.flatMap((text) => text.split(/\s+/).map((word) => helper.displayWidth(word))),
  );
  const room = width - helper.padWidth(command, helper) - TERM_MARGINS;
  return room < Math.max(MIN_HELP_WRAP_COLUMNS, longestWord);
}

/** The help settings of every command (program.ts sets them on the program and each command). */
export const HELP_LAYOUT = {
  minWidthToWrap: MIN_HELP_WRAP_COLUMNS,
  subcommandTerm(this: Help, command: Command): string {
    const siblings = command.parent?.commands ?? [command];
    const longest = Math.max(...siblings.map((sibling) => fullTerm(sibling).length));
    const room = (this.helpWidth ?? PIPED_HELP_WIDTH) - longest - TERM_MARGINS;
    return room >= MIN_COMMAND_LIST_WRAP_COLUMNS ? fullTerm(command) : shortTerm(command);
  },
  formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
    const width = this.helpWidth ?? PIPED_HELP_WIDTH;
    if (description === '' || !stackedHelps.has(this)) {
      return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
    }
    const lines = helper.boxWrap(description, width - STACKED_INDENT.length).split('\n');
    return [`  ${term}`, ...lines.map((line) => `${STACKED_INDENT}${line}`)].join('\n');
  },
  formatHelp(this: Help, command: Command, helper: Help): string {
    const width = this.helpWidth ?? PIPED_HELP_WIDTH;
    if (needsStacking(helper, command, width)) stackedHelps.add(this);
    const [usage = '', ...rest] = Help.prototype.formatHelp.call(this, command, helper).split('\n');
    if (helper.displayWidth(usage) <= width || !usage.startsWith(USAGE_TITLE))
      return [usage, ...rest].join('\n');
    const indent = ' '.repeat(USAGE_TITLE.length);
    const wrapped = helper.boxWrap(usage.slice(USAGE_TITLE.length), width - indent.length);
    return [`${USAGE_TITLE}${wrapped.replaceAll('\n', `\n${indent}`)}`, ...rest].join('\n');
  },
} satisfies Partial<Help>;
