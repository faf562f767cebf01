/**
 * `CACHEDIR.TAG` (https://bford.info/cachedir/) so backup tools skip the cache. huggingface_hub ≥1.9
 * creates it if absent on every cache write (docs/hub-disk-layout.md §3.9); its scanner ignores it
 * (docs/hub-disk-layout.md §3.11).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectory } from '../make-directory.js';

export const CACHEDIR_TAG_CONTENT =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by huggingface_hub-compatible tools.\n' +
  '# For information about cache directory tags, see: https://bford.info/cachedir/\n';

export async function ensureCachedirTag(dir: string): Promise<void> {
  await makeDirectory(dir);
  try {
    await writeFile(join(dir, 'CACHEDIR.TAG'), CACHEDIR_TAG_CONTENT, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
