/**
 * The jobs `hubget serve` keeps in its data folder (none when no server ever ran there): for `hubget rm`, a
 * paused job writes nothing, so only its stored state shows that it still owns files in the cache; for
 * `hubget ls`, the latest plan of each model, which tells a model that lacks files as the server's model list
 * does (src/cli/ls-plans.ts).
 *
 * Not part of the CLI bundle (scripts/bundle-cli.ts): it loads the native better-sqlite3, which the other
 * client commands never need; the bundle imports this file from the tsc build beside it, and `hubget ls` only
 * when the data folder holds a store (storeFilePath). The rules stay in the bundle: this file only reads.
 */
import { existsSync } from 'node:fs';
import {
  openSqliteStore,
  type Store,
  type StoredJob,
  type StoredJobFile,
  storeFilePath,
} from '../store/index.js';

function withStore<T>(dataDir: string, use: (store: Store) => T): T | undefined {
  const path = storeFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  // Read-only: the server that owns it may be running, and an older or newer one is not migrated under it.
  const store = openSqliteStore(path, { readonly: true });
  try {
    return use(store);
  } finally {
    store.close();
  }
}

export function readStoredJobs(dataDir: string): StoredJob[] {
  return withStore(dataDir, (store) => store.listJobs()) ?? [];
}

/**
 * `use` called with the stored jobs and a reader of one job's listed files, while the store is open; undefined
 * when the data folder has no store. Only the files `use` asks for are read.
 */
export function withStoredJobs<T>(
  dataDir: string,
  use: (jobs: StoredJob[], filesOf: (jobId: string) => StoredJobFile[]) => T,
): T | undefined {
  return withStore(dataDir, (store) => use(store.listJobs(), (id) => store.listJobFiles(id)));
}
