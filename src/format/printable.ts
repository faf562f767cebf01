/**
 * Text from the network (file names of a listing, a server's error message, search results) shown to a
 * person with its control characters made visible: on a terminal an ESC, BEL or C1 control in a hostile
 * repo's file name would otherwise reach it as a command (move the cursor, rewrite the screen or the window
 * title, in some terminals write files); in the terminal and the web UI alike a bidirectional override would
 * show the name reversed (`evil\u202egpj.exe` reading as `evilexe.jpg`), and other controls not at all.
 * Used by the CLI and the web UI (web/src/format/printable.ts). JSON output (`--json`, the REST API) needs
 * none of this: JSON escapes control characters itself, and clients show what they choose.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embedding, override and isolate
// characters (the "Trojan Source" set).
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character shown as an escape (`\x1b`); newlines and tabs are kept. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, visible);
}

/** One line of `text`: also its newlines and tabs shown as escapes (a label, a bar, a table cell). */
export function printableLine(text: string): string {
  return printable(text).replace(/[\t\n]/g, visible);
}
