/**
 * A path (or a word of a command hubget suggests: `hubget download … --local-dir DIR`, `hubget rm --local-dir DIR`)
 * as a person reads it in what hubget says, and as a POSIX shell takes it back: as it is when it holds only
 * characters no shell treats specially (letters of any script among them), else in single quotes (a quote inside as
 * `'\''`), the way `ls` and `git` print such a name on a terminal. A path with a space printed bare was two words:
 * pasted, two arguments; selected, the terminal stopped at the space, and a table's path looked like two cells. Used
 * by every path the CLI prints for a person (its tables, messages, warnings, the download's path on a terminal);
 * `--json` and a path printed for a script (the download's stdout when piped) stay raw. Pure: the web UI bundles it.
 */
const SHELL_SAFE = /^[\p{L}\p{M}\p{N}_@%+=:,./-]+$/u;

export function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : singleQuoted(text);
}

/**
 * `text` in single quotes, a quote inside as `'\''`: shellWord's quoting, for a caller that already knows the word
 * needs it (a progress bar's name cut to its column, bar-line.ts: the cut part may no longer hold the space).
 */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
