/**
 * `mkdir -p` that always ends. Node's `mkdir(path, { recursive: true })` never settles, spinning a
 * thread-pool thread (the sync form: the main thread) at 100 % CPU, when a parent exists but creating its
 * child answers ENOENT: the parent is a dangling symlink (a models folder linked to an unmounted disk) or
 * lies on a virtual file system such as /proc (Node treats ENOENT as "parent missing", creates the parent,
 * gets EEXIST and tries the child again, forever). Here a second ENOENT, once the parent is known to exist,
 * is final and becomes an error that says why. Every folder hubget creates goes through this file.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isNotWritable } from './errors.js';
import { colonAfter } from './format/path-punctuation.js';
import { shellWord } from './format/shell-word.js';

export interface MakeDirectoryOptions {
  /** Mode of the folders created (before the umask), as for `mkdir`. */
  mode?: number;
  /**
   * false: create only `path` itself; a missing parent is an ENOENT error that names it (the progress dir,
   * whose parent the user chose and must exist). @default true
   */
  parents?: boolean;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Shaped like Node's own system errors (code, syscall, path), so callers classify it the same way. */
function systemError(message: string, code: string, path: string, cause: unknown): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message, { cause });
  error.code = code;
  error.syscall = 'mkdir';
  error.path = path;
  return error;
}

function cannotCreate(folder: string, cause: unknown): NodeJS.ErrnoException {
  return systemError(
    colonAfter(
      `Cannot create the folder ${shellWord(folder)}`,
      `${shellWord(dirname(folder))} exists but takes no new entries ` +
        '(a symbolic link to a missing target, or a virtual file system such as /proc)',
    ),
    'ENOENT',
    folder,
    cause,
  );
}

/** What EEXIST found in the way, when it is not a usable folder. */
function notAFolder(folder: string, cause: unknown, dangling: boolean): NodeJS.ErrnoException {
  return dangling
    ? systemError(
        colonAfter(`Cannot use ${shellWord(folder)}`, 'it is a symbolic link to a missing target'),
        'ENOENT',
        folder,
        cause,
      )
    : systemError(
        `Cannot use ${shellWord(folder)} as a folder: a file of that name is in the way`,
        'ENOTDIR',
        folder,
        cause,
      );
}

function noParent(folder: string, cause: unknown): NodeJS.ErrnoException {
  return systemError(
    colonAfter(
      `Cannot create the folder ${shellWord(folder)}`,
      `${shellWord(dirname(folder))} does not exist`,
    ),
    'ENOENT',
    folder,
    cause,
  );
}

/** EACCES, EPERM, EROFS: the parent refuses new entries; the error says why in words, with the same code. */
function refused(folder: string, code: string, cause: unknown): NodeJS.ErrnoException {
  const why =
    code === 'EROFS'
      ? `${shellWord(dirname(folder))} is on a read-only file system`
      : `no permission to create it in ${shellWord(dirname(folder))}`;
  return systemError(colonAfter(`Cannot create the folder ${shellWord(folder)}`, why), code, folder, cause);
}

/** ENOTDIR: the nearest existing path above `folder` is a file; the error names it. */
function fileOnThePath(folder: string, cause: unknown): NodeJS.ErrnoException {
  // An error path, taken once: a synchronous walk up keeps the async and sync forms one rule.
  for (let above = dirname(folder); ; above = dirname(above)) {
    let isFolder: boolean | undefined;
    try {
      isFolder = statSync(above).isDirectory();
    } catch {
      // Missing, or itself below the file: look further up.
    }
    if (isFolder === false) {
      const message = colonAfter(
        `Cannot create the folder ${shellWord(folder)}`,
        `${shellWord(above)} is a file, not a folder`,
      );
      return systemError(message, 'ENOTDIR', folder, cause);
    }
    if (isFolder === true || dirname(above) === above) return cause as NodeJS.ErrnoException;
  }
}

/** How one `mkdir` call stands: the caller's options, and whether the parent is known to exist. */
interface Attempt {
  mode: number | undefined;
  parents: boolean;
  parentExists: boolean;
}

/**
 * What a failed `mkdir` of `folder` means: 'taken' (EEXIST: check what is there), 'no-parent' (ENOENT before the
 * parent was made: make it, then try again); anything else, an ENOENT once the parent exists, and one when
 * parents are not to be made, is thrown.
 */
function afterFailure(folder: string, error: unknown, attempt: Attempt): 'taken' | 'no-parent' {
  const code = codeOf(error);
  if (code === 'EEXIST') return 'taken';
  if (code === 'ENOTDIR') throw fileOnThePath(folder, error);
  if (code !== undefined && isNotWritable(error)) throw refused(folder, code, error);
  if (code === 'ENOENT' && attempt.parentExists) throw cannotCreate(folder, error);
  if (code === 'ENOENT' && !attempt.parents) throw noParent(folder, error);
  if (code === 'ENOENT' && dirname(folder) !== folder) return 'no-parent';
  throw error;
}

/** EEXIST: what `stat` (through symlinks) found at `folder` must be a folder. */
function requireFolder(
  folder: string,
  cause: unknown,
  found: { isDirectory(): boolean } | { error: unknown },
): void {
  if ('error' in found) {
    if (codeOf(found.error) === 'ENOENT') throw notAFolder(folder, cause, true);
    throw found.error;
  }
  if (!found.isDirectory()) throw notAFolder(folder, cause, false);
}

async function make(folder: string, attempt: Attempt): Promise<void> {
  try {
    await mkdir(folder, { mode: attempt.mode });
  } catch (error) {
    if (afterFailure(folder, error, attempt) === 'taken') {
      requireFolder(folder, error, await stat(folder).catch((statError: unknown) => ({ error: statError })));
      return;
    }
    await make(dirname(folder), { ...attempt, parentExists: false });
    await make(folder, { ...attempt, parentExists: true });
  }
}

function makeSync(folder: string, attempt: Attempt): void {
  try {
    mkdirSync(folder, { mode: attempt.mode });
  } catch (error) {
    if (afterFailure(folder, error, attempt) === 'taken') {
      let found: { isDirectory(): boolean } | { error: unknown };
      try {
        found = statSync(folder);
      } catch (statError) {
        found = { error: statError };
      }
      requireFolder(folder, error, found);
      return;
    }
    makeSync(dirname(folder), { ...attempt, parentExists: false });
    makeSync(folder, { ...attempt, parentExists: true });
  }
}

function firstAttempt(options: MakeDirectoryOptions): Attempt {
  return { mode: options.mode, parents: options.parents ?? true, parentExists: false };
}

/** Creates `path` and its missing parents; resolves when it is a folder (also when it already was). */
export function makeDirectory(path: string, options: MakeDirectoryOptions = {}): Promise<void> {
  return make(resolve(path), firstAttempt(options));
}

/** makeDirectory for the few callers that must not yield (start-up of the server's token file). */
export function makeDirectorySync(path: string, options: MakeDirectoryOptions = {}): void {
  makeSync(resolve(path), firstAttempt(options));
}
