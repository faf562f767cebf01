import { describe, expect, it } from 'vitest';
import { colonAfter, endSentence, fileList, listWords, ofFile, thenDoes } from './path-punctuation.js';

/** The words a terminal's double-click selects (gnome-terminal's word characters), each with what follows. */
function doubleClickWords(text: string): string[] {
  return text.match(/[\w\-#%&+,./:=?@~]+/g) ?? [];
}

describe('punctuation beside a path', () => {
  it('ends a sentence with a period, none after a path or a URL', () => {
    expect(endSentence('Nothing installed')).toBe('Nothing installed.');
    expect(endSentence('Nothing installed in /x/hub or /x/models')).toBe(
      'Nothing installed in /x/hub or /x/models',
    );
    // A path with a space is said in quotes (shell-word.ts): no period after them either.
    expect(endSentence("Nothing installed in '/x/my hub' or '/x/my models'")).toBe(
      "Nothing installed in '/x/my hub' or '/x/my models'",
    );
    expect(endSentence("Nothing in '/x/it'\\''s b'")).toBe("Nothing in '/x/it'\\''s b'");
    expect(endSentence("Say 'yes'")).toBe("Say 'yes'.");
    expect(endSentence('not an http(s) URL like https://huggingface.co')).toBe(
      'not an http(s) URL like https://huggingface.co',
    );
  });

  it('puts a dash where a colon would follow a path, a colon after any other word', () => {
    expect(colonAfter('warning: /x/hub/models--org--a', 'ref points to abc')).toBe(
      'warning: /x/hub/models--org--a — ref points to abc',
    );
    expect(colonAfter('Notice: listing org/a', 'retrying in 2 s')).toBe(
      'Notice: listing org/a — retrying in 2 s',
    );
    expect(colonAfter('org/a revision 0123456789ab', 'frees 3.15 MB')).toBe(
      'org/a revision 0123456789ab: frees 3.15 MB',
    );
    // A file at a repo's root holds no `/`: its caller says it is a path.
    expect(colonAfter('Notice: Tiny-Q4_K_M.gguf', 'no data', true)).toBe(
      'Notice: Tiny-Q4_K_M.gguf — no data',
    );
  });

  it('separates a path from the next item of a list by a semicolon, other items by a comma', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['/m/a'])).toBe('/m/a');
    expect(listWords(['/m/a', '/m/b', '/m/c'])).toBe('/m/a; /m/b; /m/c');
    expect(listWords(['this repo', 'org/fork', 'org/b'])).toBe('this repo, org/fork; org/b');
    // A word with a `/` that ends in a bracket is no path a double-click takes with the comma after it.
    expect(listWords(['45.00 kB fetched in 1.0 s (45.0 kB/s)', '20.47 kB copied'])).toBe(
      '45.00 kB fetched in 1.0 s (45.0 kB/s), 20.47 kB copied',
    );
  });

  it('says what hubget does about what happened after a semicolon, the dash left to the path', () => {
    expect(colonAfter('Notice: a.bin', thenDoes('connection dropped', 'reconnecting in 2 s'), true)).toBe(
      'Notice: a.bin — connection dropped; reconnecting in 2 s',
    );
    expect(thenDoes('download URL of /m/a expired', 'using a new one')).toBe(
      'download URL of /m/a expired; using a new one',
    );
  });

  it('leaves every path whole to a double-click', () => {
    const said = [
      endSentence('Nothing installed in /x/hub'),
      colonAfter('Cannot create the folder /m/a', '/m does not exist'),
      `2 local dirs (${listWords(['/m/a', '/m/b'])})`,
    ].join(' ');
    for (const path of ['/x/hub', '/m/a', '/m', '/m/b']) expect(doubleClickWords(said)).toContain(path);
    for (const word of doubleClickWords(said)) expect(word).not.toMatch(/[.,:]$/);
  });

  it('says what is wrong with a file after its name, quoted when it holds a space, a dash after it', () => {
    expect(ofFile('model.bin', 'sha256 is 00, expected ff')).toBe('model.bin — sha256 is 00, expected ff');
    expect(ofFile('sub/my model.bin', 'temp file is 3 bytes, expected 4')).toBe(
      "'sub/my model.bin' — temp file is 3 bytes, expected 4",
    );
  });

  it('lists files by the same rule: each quoted when it holds a space, a `;` after each, none glued to a name', () => {
    expect(fileList(['nope.bin'])).toBe('nope.bin');
    const said = `${fileList(['a.bin', 'my weights/b c.bin', 'd.bin'])} not found`;
    expect(said).toBe("a.bin; 'my weights/b c.bin'; d.bin not found");
    for (const word of doubleClickWords(said)) expect(word).not.toMatch(/[.,:]$/);
  });
});
