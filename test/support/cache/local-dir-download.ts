/**
 * What huggingface_hub (or hubget) leaves in a local dir for one downloaded file: the file and its
 * `.cache/huggingface/download/<path>.metadata` record (docs/hub-disk-layout.md §3.12, docs/cache-layout.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeLocalDirDownload(localDir: string, path = 'config.json', content = '{}'): void {
  const download = join(localDir, '.cache', 'huggingface', 'download');
  mkdirSync(join(download, path, '..'), { recursive: true });
  mkdirSync(join(localDir, path, '..'), { recursive: true });
  writeFileSync(join(localDir, path), content);
  writeFileSync(join(download, `${path}.metadata`), `${'c'.repeat(40)}\n${'e'.repeat(40)}\n1700000000.5\n`);
}
