/**
 * The `progressDir` setting: the folder of the `download_{jobId}.json` files. The server may run as root and
 * writes there every second, so the path is held to the care of a local dir: absolute, no `..` segment, no
 * NUL; and hubget creates at most its last folder, never a tree: the folder exists, or its parent does (a typo
 * such as `/nonexist/deep` is refused at once, not created). The writer (progress-file.ts) creates the folder
 * with `parents: false`, so a parent removed later makes the write fail (logged) rather than rebuilt.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { hasParentSegment } from '../cache/safe-path.js';
import { MAX_PATH_LENGTH } from '../defaults.js';
import type { HubgetError } from '../errors.js';
import { fieldError } from '../field-error.js';

/** The setting's refusal: `problem` after "progressDir" and `joiner` (" ", or ": " before a path). */
function invalid(problem: string, joiner = ' '): HubgetError {
  return fieldError('progressDir', problem, `progressDir${joiner}${problem}`);
}

function folderState(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * The normalised progress dir (`/a/./b/` → `/a/b`) when `value` is acceptable; else INVALID_ARGUMENT saying why.
 * PUT /api/settings answers with this message also when its schema refused the value (error-handler.ts).
 */
export function validateProgressDir(value: unknown): string {
  // The usual mistakes are each named, in words for the person at the Settings form.
  if (value === '') {
    throw invalid('enter the absolute path of a folder, such as /var/lib/hubget/progress', ' is empty: ');
  }
  if (typeof value === 'string' && !value.includes('\0') && value.length <= MAX_PATH_LENGTH) {
    if (!isAbsolute(value)) {
      throw invalid(`${value} is not an absolute path; enter one that starts with "/"`, ': ');
    }
    if (hasParentSegment(value)) {
      throw invalid(`${value} has a ".." segment; enter the folder's path without it`, ': ');
    }
  }
  if (
    typeof value !== 'string' ||
    !isAbsolute(value) ||
    value.length > MAX_PATH_LENGTH ||
    value.includes('\0') ||
    hasParentSegment(value)
  ) {
    throw invalid(`must be an absolute path without ".." segments, of at most ${MAX_PATH_LENGTH} characters`);
  }
  const folder = resolve(value);
  const state = folderState(folder);
  if (state === 'folder') return folder;
  if (state === 'other') throw invalid(`${folder} exists and is not a folder`);
  const parent = dirname(folder);
  if (folderState(parent) !== 'folder') {
    throw invalid(
      `the folder ${parent} does not exist; hubget creates only the last folder of the path`,
      ': ',
    );
  }
  return folder;
}
