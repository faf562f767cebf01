/**
 * A folder's entries for the scans that search folders for temp files (the cache's unfinished downloads, the
 * watcher of other programs' downloads): none when it cannot be read (gone meanwhile, not a folder, no access),
 * so one such folder does not end the scan.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';

export async function dirEntries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
