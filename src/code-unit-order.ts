/**
 * Repo paths and ref names in code-unit order (what `<` compares; the order of the Hub's listings and of
 * Python's `sorted`), not the locale's: the same list sorts the same way on every machine.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** For `sort`: items by their `path` in code-unit order. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return compareCodeUnits(a.path, b.path);
}
