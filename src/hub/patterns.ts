/**
 * allow/ignore patterns with huggingface_hub's semantics (docs/hub-protocol.md §2.5, `filter_repo_objects`):
 * Python `fnmatchcase` — case-sensitive, whole-string, `*` also matches `/`, `?`, `[abc]`, `[!abc]`,
 * no escape character; a pattern ending in `/` gets `*`; backslashes become `/`.
 */

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\/]/g;

/** Translate one fnmatch pattern to an anchored RegExp (port of CPython `fnmatch.translate`). */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i]!;
    i++;
    if (c === '*') {
      out += '.*';
      while (pattern[i] === '*') i++;
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
      } else {
        let body = pattern.slice(i, j);
        i = j + 1;
        let negate = false;
        if (body.startsWith('!')) {
          negate = true;
          body = body.slice(1);
        }
        // Inside a JS class `\`, `]` and a leading `^` are special; `[` is literal (no `v` flag).
        const escaped = body.replace(/[\\\]]/g, '\\$&').replace(/^\^/, '\\^');
        if (body === '') out += negate ? '.' : '(?!)';
        else out += `[${negate ? '^' : ''}${escaped}]`;
      }
    } else {
      out += c.replace(REGEX_SPECIALS, '\\$&');
    }
  }
  try {
    return new RegExp(`^(?:${out})$`, 's');
  } catch {
    // e.g. an out-of-order range `[z-a]`: Python drops it and the set matches nothing.
    return /(?!)/;
  }
}

/** Normalise one pattern as `filter_repo_objects` does: `\` → `/`, trailing `/` → `/*`. */
export function normalisePattern(pattern: string): string {
  const slashed = pattern.replace(/\\/g, '/');
  return slashed.endsWith('/') ? `${slashed}*` : slashed;
}

/**
 * Whether a path is kept: (no allow list, or it matches at least one allow pattern) and it matches no ignore
 * pattern. An empty `include` array is treated like no allow list. The patterns are compiled once.
 */
export function pathFilter(
  include?: string[] | string,
  exclude?: string[] | string,
): (path: string) => boolean {
  const compile = (patterns: string[] | string | undefined) =>
    (typeof patterns === 'string' ? [patterns] : (patterns ?? [])).map((p) =>
      fnmatchToRegExp(normalisePattern(p)),
    );
  const allow = compile(include);
  const ignore = compile(exclude);
  return (raw) => {
    const path = raw.replace(/\\/g, '/');
    if (allow.length > 0 && !allow.some((re) => re.test(path))) return false;
    return !ignore.some((re) => re.test(path));
  };
}

/** The items whose path `pathFilter(include, exclude)` keeps. */
export function filterPaths<T>(
  items: T[],
  pathOf: (item: T) => string,
  include?: string[] | string,
  exclude?: string[] | string,
): T[] {
  const keeps = pathFilter(include, exclude);
  return items.filter((item) => keeps(pathOf(item)));
}

/** A pattern that matches exactly `path` (fnmatch has no escape character: `*`, `?`, `[` go in brackets). */
export function exactPathPattern(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}
