/**
 * Text for an HTTP header value that a person reads (the mirror's `X-Error-Message`, docs/mirror.md): printable
 * ASCII only, as a header's bytes are read as Latin-1 or refused beyond it. hubget's wordings use typographic
 * punctuation (the dash after a repo or a path, path-punctuation.ts; quotes, an ellipsis) and file names may hold
 * any letter: each is given its plain ASCII stand-in (`—` → `-`, `é` → `e`) rather than a `?` that reads as part
 * of the sentence ("not found in model org/a ? check the branch"); what has none becomes `?`. The full text goes
 * where UTF-8 can carry it (the JSON body).
 */

const STAND_INS: Record<string, string> = {
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2212': '-', // minus
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
  '\u00b7': '-', // middle dot (a list separator)
  '\u00a0': ' ', // no-break space
  '\u202f': ' ', // narrow no-break space
  '\u2248': '~',
  '\u00d7': 'x',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
};

const TYPOGRAPHIC = new RegExp(`[${Object.keys(STAND_INS).join('')}]`, 'g');

/** `text` as printable ASCII: typographic punctuation as its ASCII stand-in, accents dropped, the rest `?`. */
export function headerText(text: string): string {
  return text
    .replace(TYPOGRAPHIC, (character) => STAND_INS[character] ?? character)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}
