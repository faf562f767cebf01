/**
 * A word of a command hubget suggests (`hubget download … --local-dir DIR`, `hubget rm --local-dir DIR`) as a POSIX
 * shell takes it back: as it is when it holds only characters no shell treats specially, else in single quotes
 * (a quote inside as `'\''`). A path with a space pasted unquoted was two arguments. Pure: the web UI bundles it.
 */
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

export function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
