/**
 * The local dirs in sub-folders of the models dir (`models/team/x`), for the model list. Finding them walks up
 * to LOCAL_DIR_SCAN_DEPTH folders down (findLocalDirs, the rule `hubget ls` uses), ~0.6 s for a few thousand
 * folders: too slow for every GET /api/models, so the walk's result is kept.
 * - An ordinary call gets the kept result at once; when it is older than `refreshEveryMs` it also starts a new
 *   walk in the background, which a later call sees.
 * - The first call, and the first after something changed on disk (`invalidate`: a job ended, a model was
 *   deleted), wait for a walk that started after the change (at most `waitAtMostMs`, then the kept result), and
 *   so do calls made while that walk is under way: a folder a job just wrote into shows in the next answer.
 * The folders directly under the models dir are not taken from here: the model list reads those on every
 * request (one level, cheap), so a download the server just made shows.
 */
import { resolve } from 'node:path';
import { findLocalDirs, isManagedLocalDir } from '../cache/index.js';
import { LOCAL_DIR_RENEWAL_WAIT_MS, LOCAL_DIR_RESCAN_INTERVAL_MS } from '../defaults.js';

export interface SubFolderLocalDirs {
  /** The local dirs below the folders directly under the models dir (absolute paths): see the module comment. */
  list(): Promise<string[]>;
  /** Something on disk changed: the next `list()` starts a new walk and waits for it. */
  invalidate(): void;
  /** Walks started so far. */
  walks(): number;
  /** Resolves when no walk is under way (the one a call started has ended). */
  idle(): Promise<void>;
}

export interface SubFolderLocalDirsOptions {
  /** @default LOCAL_DIR_RESCAN_INTERVAL_MS */
  refreshEveryMs?: number;
  /** How long the first call, or one after `invalidate`, waits for its walk. @default LOCAL_DIR_RENEWAL_WAIT_MS */
  waitAtMostMs?: number;
  now?: () => number;
  /** The walk (tests). @default findLocalDirs */
  find?: (root: string) => Promise<string[]>;
}

export function createSubFolderLocalDirs(
  modelsDir: string,
  options: SubFolderLocalDirsOptions = {},
): SubFolderLocalDirs {
  const refreshEveryMs = options.refreshEveryMs ?? LOCAL_DIR_RESCAN_INTERVAL_MS;
  const waitAtMostMs = options.waitAtMostMs ?? LOCAL_DIR_RENEWAL_WAIT_MS;
  const now = options.now ?? Date.now;
  const find = options.find ?? ((root: string) => findLocalDirs(root));
  const root = resolve(modelsDir);
  let latest: { at: number; dirs: string[] } | undefined;
  /** The walk under way. */
  let walking: Promise<string[]> | undefined;
  /** The walk queued to start when the one under way ends (it began before a change). */
  let queued: Promise<string[]> | undefined;
  /** The walk calls wait for: the first, or the one after a change, until it ends. */
  let awaited: Promise<string[]> | undefined;
  /** A change on disk since the walk under way (or the last one) started. */
  let stale = false;
  let walkCount = 0;

  const startWalk = (): Promise<string[]> => {
    walkCount += 1;
    stale = false;
    const startedAt = now();
    const walk = find(root)
      .then((found) => {
        const dirs = found.filter((dir) => dir !== root && !isManagedLocalDir(root, dir));
        latest = { at: startedAt, dirs };
        return dirs;
      })
      .finally(() => {
        walking = undefined;
      });
    walking = walk;
    return walk;
  };

  /** A walk that started after every change so far: the one under way if none came since, else the next. */
  const freshWalk = (): Promise<string[]> => {
    if (queued) return queued;
    if (!walking) return startWalk();
    if (!stale) return walking;
    const next = walking
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return startWalk();
      });
    queued = next;
    return next;
  };

  /** The walk calls are to wait for, if any: the first one, or the first after a change. */
  const walkToAwait = (): Promise<string[]> | undefined => {
    if (latest && !stale) return awaited;
    const walk = freshWalk();
    awaited = walk;
    const forget = () => {
      if (awaited === walk) awaited = undefined;
    };
    walk.then(forget, forget);
    return walk;
  };

  return {
    async list() {
      const walk = walkToAwait();
      if (walk) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitAtMostMs);
        });
        // The first walk's failure fails the call (nothing is kept yet); a later one's leaves the kept result.
        await Promise.race([latest ? walk.catch(() => undefined) : walk, late]).finally(() =>
          clearTimeout(timer),
        );
      } else if (latest && now() - latest.at >= refreshEveryMs) {
        void freshWalk().catch(() => undefined);
      }
      return latest?.dirs ?? [];
    },
    invalidate() {
      stale = true;
    },
    walks: () => walkCount,
    idle: async () => {
      await (queued ?? walking)?.catch(() => undefined);
    },
  };
}
