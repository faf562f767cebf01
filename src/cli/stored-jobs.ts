/**
 * The jobs `hubget serve` keeps in its data folder (none when no server ever ran there), for `hubget rm`:
 * a paused job writes nothing, so only its stored state shows that it still owns files in the cache.
 *
 * Not part of the CLI bundle (scripts/bundle-cli.ts): it loads the native better-sqlite3, which the other
 * client commands never need; the bundle imports this file from the tsc build beside it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore, STORE_FILE_NAME, type StoredJob } from '../store/index.js';

export function readStoredJobs(dataDir: string): StoredJob[] {
  const path = join(dataDir, STORE_FILE_NAME);
  if (!existsSync(path)) return [];
  const store = openSqliteStore(path);
  try {
    return store.listJobs();
  } finally {
    store.close();
  }
}
