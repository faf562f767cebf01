/**
 * Where hubget's server keeps its database in its data folder (`hubget serve --data-dir`). Its own module, with
 * no import of the SQLite adapter: `hubget ls` asks whether a server ever ran there before it loads
 * better-sqlite3 (src/cli/stored-jobs.ts).
 */
import { join } from 'node:path';

/** The database's file name in hubget's data folder. */
export const STORE_FILE_NAME = 'hubget.db';

export function storeFilePath(dataDir: string): string {
  return join(dataDir, STORE_FILE_NAME);
}
