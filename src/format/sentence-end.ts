/**
 * The end of a sentence the CLI prints: a period, but not after a path or a URL (`Nothing installed in /x/hub or
 * /x/models`, `… not an http(s) URL like https://huggingface.co`). A terminal's double-click takes `.` as part of
 * a path (gnome-terminal `,` and `:` too), so the period was copied with it, a path that does not exist.
 */

/** `text` and its period, left out when its last word is a path or a URL (holds a `/`). */
export function endSentence(text: string): string {
  const last = text.trimEnd().split(/\s+/).at(-1) ?? '';
  return last.includes('/') ? text : `${text}.`;
}
