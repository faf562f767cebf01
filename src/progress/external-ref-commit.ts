/** The revision an external download of a repo folder fetches, as its refs tell (external-watcher.ts). */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';

/** Commit of the most recently written ref: Python writes the ref before downloading (docs/hub-disk-layout.md §3.5). */
export async function newestRefCommit(repoDir: string): Promise<string | undefined> {
  const refsDir = join(repoDir, 'refs');
  let best: { mtimeMs: number; commit: string } | undefined;
  try {
    for (const entry of await readdir(refsDir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
      const commit = text.trim();
      if (isFullCommit(commit) && (!best || info.mtimeMs > best.mtimeMs)) {
        best = { mtimeMs: info.mtimeMs, commit };
      }
    }
  } catch {
    return best?.commit;
  }
  return best?.commit;
}
