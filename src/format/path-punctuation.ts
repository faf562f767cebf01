/**
 * Punctuation beside a path or a URL in what hubget says (the CLI's lines, warnings and errors; the engine's
 * messages, which the web UI shows too): none glued after it. A terminal's double-click selects a path with the
 * `.`, `,` or `:` glued to it (gnome-terminal's and Konsole's word characters hold them), and the path pasted then
 * named a file that does not exist (`/x/models:`, `/m/a,`). One rule, three forms:
 * - a sentence that ends in a path gets no period (`Nothing installed in /x/hub or /x/models`);
 * - where a `:` would follow a path, a dash between spaces does (`warning: /x/hub/models--org--a — ref points to …`,
 *   `Cannot create the folder /m/a — /m does not exist`);
 * - in a list, an item that ends in a path is followed by `; ` instead of `, ` (`2 local dirs (/m/a; /m/b)`):
 *   no terminal takes `;` as part of a word.
 * A notice that says what happened and then what hubget does about it joins the two with `; ` (thenDoes): the dash
 * is the path's, and a second dash (or a hyphen standing in for one) in the same line read as two rules.
 * A path or a URL is a word that holds a `/` (a repo id too: `org/name:` pasted named a quantization); a path a
 * caller knows is one without a `/` (a file at a repo's root) is said so by the caller. Pure: the web UI bundles it.
 */
import { shellWord } from './shell-word.js';

/**
 * Whether `text` ends in a path or a URL: its last word holds a `/` and ends with a character a double-click takes
 * with it (not a closing bracket or quote: `(45.0 kB/s)` is no path, and a `,` after its `)` is not taken), or it
 * ends in a path in single quotes (shell-word.ts: `'/m/my models'`), which the same punctuation follows.
 */
export function endsInPath(text: string): boolean {
  const trimmed = text.trimEnd();
  const quoted = /'[^']*'(?:\\''[^']*')*$/.exec(trimmed)?.[0];
  if (quoted?.includes('/')) return true;
  const last = trimmed.split(/\s+/).at(-1) ?? '';
  return last.includes('/') && !/[)\]}"'>]$/.test(last);
}

/** `text` and its period, left out when it ends in a path or a URL. */
export function endSentence(text: string): string {
  return endsInPath(text) ? text : `${text}.`;
}

/** `text: rest`, or `text — rest` when `text` ends in a path (`path`: the caller knows it does). */
export function colonAfter(text: string, rest: string, path = endsInPath(text)): string {
  return path ? `${text} — ${rest}` : `${text}: ${rest}`;
}

/**
 * `a.bin — rest`: what is said of a file, its path first (a repo file's, a temp file's), quoted when it holds a
 * space (shell-word.ts) and followed by the dash a path gets, whether or not it holds a `/`.
 */
export function ofFile(path: string, rest: string): string {
  return colonAfter(shellWord(path), rest, true);
}

/**
 * Files named in a list (`config.json; 'my weights/a b.bin'`): each through shellWord, joined by `; ` as items that
 * are paths are (listWords), a name without a `/` too: the caller knows each is a path.
 */
export function fileList(paths: readonly string[]): string {
  return paths.map(shellWord).join('; ');
}

/** `items` joined by `, `, or by `; ` after an item that ends in a path. */
export function listWords(items: readonly string[]): string {
  return items
    .map((item, index) => (index === 0 ? item : `${endsInPath(items[index - 1]!) ? '; ' : ', '}${item}`))
    .join('');
}

/**
 * What happened, then what hubget does about it, in one notice: `connection dropped; reconnecting in 2 s`
 * (`Notice: a.bin — connection dropped; reconnecting in 2 s`, the dash the path's). A `;`, as after a path in a list.
 */
export function thenDoes(happened: string, does: string): string {
  return `${happened}; ${does}`;
}
