/**
 * Paths from a Hub listing are untrusted: a hostile repo could list `../../etc/passwd`, `/etc/x`,
 * `C:\x` or `\\host\share\x`. Mirrors huggingface_hub's `_validate_relative_filename` (docs/hub-downloaders.md
 * §6.10), checked under both POSIX and Windows rules so a cache written on Linux stays safe on Windows.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';

function unsafe(path: string, why: string): HubgetError {
  return new HubgetError('UNSAFE_PATH', `Refusing repository path ${JSON.stringify(path)}: ${why}`, {
    details: { path },
  });
}

/** Throws UNSAFE_PATH unless `path` is a plain relative `/`-separated path that cannot leave its root. */
export function validateRelativePath(path: string): void {
  if (typeof path !== 'string' || path === '') throw unsafe(String(path), 'empty path');
  if (path.includes('\0')) throw unsafe(path, 'contains a NUL byte');
  // A backslash is an ordinary character on POSIX but a separator on Windows; treat it as one for the
  // traversal check, and refuse it outright: Hub paths are `/`-separated and never need it.
  if (path.includes('\\')) throw unsafe(path, 'contains a backslash');
  const segments = path.split('/');
  if (segments.includes('..')) throw unsafe(path, 'contains a ".." segment');
  for (const part of [path, ...segments]) {
    if (part.startsWith('/')) throw unsafe(path, 'is an absolute path');
    if (/^[a-zA-Z]:/.test(part)) throw unsafe(path, 'is a Windows drive path');
  }
  if (segments.some((segment) => segment === '' || segment === '.')) {
    throw unsafe(path, 'has an empty or "." segment');
  }
}

/**
 * Join a validated repo path onto `root`, then check again that the result is strictly inside `root`
 * (belt and braces: the lexical check above plus a resolved-path check).
 */
export function safeJoin(root: string, relativePath: string): string {
  validateRelativePath(relativePath);
  const base = resolve(root);
  const joined = resolve(base, ...relativePath.split('/'));
  const rel = relative(base, joined);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw unsafe(relativePath, `resolves outside ${base}`);
  }
  return joined;
}

/** Whether a user-given path has a `..` segment (`/` or `\\` separated): local dirs and the progress dir refuse one. */
export function hasParentSegment(path: string): boolean {
  return path.split(/[/\\]/).includes('..');
}

/** True when `path` lies strictly inside `dir` (both absolute and resolved; no file system access). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * The real path of the deepest existing ancestor of `path`, with the rest appended: a folder that does not
 * exist (yet) compares like one that does, symlinks on its way resolved.
 */
export function realpathOfExisting(path: string): string {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(current), ...rest);
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.unshift(current.slice(parent.length).replace(/^[/\\]+/, ''));
      current = parent;
    }
  }
}

/**
 * The one rule for "this folder lies in the models folder", wherever a folder named there is written or deleted
 * (the server's Delete and its in-use check, the jobs' local dirs): `folder` (a name under `modelsDir`, or an
 * absolute path) and `modelsDir` are both made real (`realpathOfExisting`: symlinks on the way resolved, a folder
 * not there yet compared like one that is), and the folder must lie strictly inside. Returns its real path;
 * UNSAFE_PATH otherwise, saying where a symlink led. A path compared without this (`path.resolve` alone) takes
 * `models/link` for a folder of the models folder when `link` leads out of it, or to another one's folder.
 */
export function realFolderInModelsDir(modelsDir: string, folder: string): string {
  const given = resolve(modelsDir, folder);
  const real = realpathOfExisting(given);
  if (isInside(realpathOfExisting(resolve(modelsDir)), real)) return real;
  const where = real === given ? '' : ` (it leads to ${shellWord(real)})`;
  throw new HubgetError(
    'UNSAFE_PATH',
    colonAfter(
      `Refusing ${shellWord(folder)}`,
      `not inside the models folder ${shellWord(modelsDir)}${where}`,
      true,
    ),
    {
      details: { path: folder },
    },
  );
}
