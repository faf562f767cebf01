/**
 * `refs/<revision>` ← commit (docs/hub-disk-layout.md §3.5,
 * docs/hub-downloaders.md §6.1): only when the revision is not the full commit
 * (a branch, tag or short hash); content is the bare 40-hex commit with NO trailing newline, because
 * every reader (Python and JS scanners, offline lookups) uses the raw content. Atomic via temp + rename,
 * like `hf_hub_download`, and rewritten only when the value changed.
 *
 * `snapshots/<commit>/` is created first, always, as `hf_hub_download` does: to Python's scanner a ref to a
 * commit without its folder makes the whole repo "corrupted" (docs/hub-disk-layout.md §3.11), and a download that fails
 * on every file, or a mirror that stored a ref a client resolved without fetching a file, must not leave that behind.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';
import { type CacheRepoLayout, refPath, refsDir, snapshotDir } from './cache-layout.js';

/** Returns true when the ref file was (re)written. */
export async function writeRef(layout: CacheRepoLayout, revision: string, commit: string): Promise<boolean> {
  if (!isFullCommit(commit)) throw new Error(`writeRef: not a full commit: ${commit}`);
  await makeDirectory(snapshotDir(layout, commit));
  await makeDirectory(refsDir(layout));
  if (revision === commit) return false;
  const path = refPath(layout, revision);
  try {
    if ((await readFile(path, 'utf8')) === commit) return false;
  } catch {
    // Missing or unreadable: (re)write below.
  }
  await makeDirectory(dirname(path));
  await replaceFile(path, commit);
  return true;
}

/** The commit a ref points at, or undefined (raw content, not trimmed — exactly like the readers). */
export async function readRef(layout: CacheRepoLayout, revision: string): Promise<string | undefined> {
  try {
    return await readFile(refPath(layout, revision), 'utf8');
  } catch {
    return undefined;
  }
}
