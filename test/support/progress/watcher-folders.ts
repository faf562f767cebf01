/** The folders an external-watcher test scans: a fresh temp root holding an HF cache (`hub`) and a models folder. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WatcherFolders {
  root: string;
  hub: string;
  models: string;
}

/** A new temp root named `prefix…` with empty `hub/` and `models/` folders in it (the caller removes the root). */
export function watcherFolders(prefix: string): WatcherFolders {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const hub = join(root, 'hub');
  const models = join(root, 'models');
  mkdirSync(hub, { recursive: true });
  mkdirSync(models, { recursive: true });
  return { root, hub, models };
}
