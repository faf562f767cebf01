/**
 * The local dirs in sub-folders of the models dir (`models/team/x`), for the model list. Finding them walks up
 * to LOCAL_DIR_SCAN_DEPTH folders down (findLocalDirs, the rule `hubget ls` uses), ~0.6 s for a few thousand
 * folders: too slow for every GET /api/models, so the walk's result is kept and renewed in the background.
 * A call gets the latest result; when it is older than `refreshEveryMs`, or something changed on disk
 * (`invalidate`: a model was deleted), the call starts a new walk and the next call sees it. Only the first
 * call waits for a walk. A walk that fails is reported (`onError`, once until a walk succeeds again), keeps
 * the previous result and leaves the change pending, so the next call tries again. The folders directly under the models dir are not taken from
 * here: the model list reads those on every request (one level, cheap), so a download the server just made
 * shows; the server's jobs write nowhere else (src/jobs/local-dir.ts), so a job's end is no reason to walk.
 */
import { resolve } from 'node:path';
import { findLocalDirs, isManagedLocalDir } from '../cache/index.js';
import { LOCAL_DIR_RESCAN_INTERVAL_MS } from '../defaults.js';

export interface SubFolderLocalDirs {
  /** The latest walk's local dirs below the folders directly under the models dir (absolute paths). */
  list(): Promise<string[]>;
  /** Something on disk changed: the next `list()` starts a new walk. */
  invalidate(): void;
  /** Walks started so far. */
  walks(): number;
  /** Resolves when no walk is under way (the one a call started has ended). */
  idle(): Promise<void>;
}

export interface SubFolderLocalDirsOptions {
  /** @default LOCAL_DIR_RESCAN_INTERVAL_MS */
  refreshEveryMs?: number;
  now?: () => number;
  /** The walk (tests). @default findLocalDirs */
  find?: (root: string) => Promise<string[]>;
  /** A walk failed (the server logs it); the previous result stays. */
  onError?: (error: unknown) => void;
}

export function createSubFolderLocalDirs(
  modelsDir: string,
  options: SubFolderLocalDirsOptions = {},
): SubFolderLocalDirs {
  const refreshEveryMs = options.refreshEveryMs ?? LOCAL_DIR_RESCAN_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const find = options.find ?? findLocalDirs;
  const root = resolve(modelsDir);
  let latest: { at: number; dirs: string[] } | undefined;
  let walking: Promise<string[]> | undefined;
  let stale = false;
  let walkCount = 0;
  /** A failure was reported and no walk has succeeded since: the next failures are not (one per request). */
  let failureReported = false;

  const walk = (): Promise<string[]> => {
    if (walking) return walking;
    walkCount += 1;
    stale = false;
    const startedAt = now();
    walking = find(root)
      .then(
        (found) => {
          const dirs = found.filter((dir) => dir !== root && !isManagedLocalDir(root, dir));
          latest = { at: startedAt, dirs };
          failureReported = false;
          return dirs;
        },
        (error: unknown) => {
          // Not seen yet: the next call walks again instead of waiting for the result to be old.
          stale = true;
          if (!failureReported) options.onError?.(error);
          failureReported = true;
          throw error;
        },
      )
      .finally(() => {
        walking = undefined;
      });
    return walking;
  };

  return {
    async list() {
      if (!latest) return walking ?? walk();
      if (stale || now() - latest.at >= refreshEveryMs) void walk().catch(() => undefined);
      return latest.dirs;
    },
    invalidate() {
      stale = true;
    },
    walks: () => walkCount,
    idle: async () => {
      await walking?.catch(() => undefined);
    },
  };
}
