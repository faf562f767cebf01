/**
 * What is at a path, answered without throwing: a missing path (or one that cannot be read) is simply not
 * there. `followLinks` says whether a symlink is judged by what it points at (stat) or as itself (lstat): a
 * scanner that must not leave its folder passes false.
 */
import { lstat, stat } from 'node:fs/promises';

export interface PathKindOptions {
  /** Judge a symlink by its target (stat) rather than as a link (lstat). @default true */
  followLinks?: boolean;
}

async function infoOf(path: string, options: PathKindOptions) {
  const read = options.followLinks === false ? lstat : stat;
  return read(path).catch(() => undefined);
}

/** Whether anything is at `path` (with followLinks, a dangling symlink is not). */
export async function pathExists(path: string, options: PathKindOptions = {}): Promise<boolean> {
  return (await infoOf(path, options)) !== undefined;
}

export async function isDirectoryAt(path: string, options: PathKindOptions = {}): Promise<boolean> {
  return (await infoOf(path, options))?.isDirectory() ?? false;
}
