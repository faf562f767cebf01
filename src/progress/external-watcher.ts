/**
 * Notices downloads that other programs run (huggingface_hub old and new, `hf download`, hf_xet,
 * hf_transfer) in the folders hubget manages, by watching their temp files grow — the original Model
 * Manager's `.incomplete` scan (docs/origins.md §3), kept as a feature for other tools' downloads. See
 * docs/external-downloads.md for what it can and cannot know.
 *
 * Each tick: scan (external-scan.ts) → one group per repo folder / local dir → bytes counted, speed over a
 * sliding window, last activity (any size/mtime/file-set change), stalled after `stallTimeoutMs` without
 * activity. A download ends when its temp files are gone (finished, failed or cleaned up), no file of it finished
 * since the last scan, and, in a repo folder or local dir, nothing changed for the pause grace
 * (external-download-end.ts): a scan between two files, or during a pause of the program, does not end it.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { readLocalDirMarker } from '../cache/scan-local-marker.js';
import { DEFAULT_STALL_TIMEOUT_MS } from '../defaults.js';
import { formatBytes, formatDuration } from '../format/units.js';
import type { RepoRef } from '../hub/types.js';
import { Listeners } from '../listeners.js';
import type { ExternalDownload } from './external-download.js';
import { externalDownloadEnded } from './external-download-end.js';
import type { SizeMode } from './external-file-size.js';
import { countedFinished } from './external-finished-files.js';
import type { ClaimsMemo } from './external-hubget-runs.js';
import type { OwnFolderMemo } from './external-own-files.js';
import { newestRefCommit } from './external-ref-commit.js';
import {
  type FinishedFile,
  hubgetRunsOf,
  type ScannedGroup,
  scanExternalDownloads,
} from './external-scan.js';
import { type CountSample, slideRateWindow } from './sampled-rate.js';
import { safeLogger, silentLogger, type WatcherLogger } from './watcher-logger.js';

export type { ExternalDownload, ExternalDownloadFile } from './external-download.js';
export type { WatcherLogger } from './watcher-logger.js';

export interface ExternalWatcherOptions {
  /** The hub cache (`models--*` folders). */
  hubCacheDir?: string;
  /** Local dirs to watch. @default every folder with `.cache/huggingface/` under `modelsDir` */
  localDirs?: () => string[] | Promise<string[]>;
  /** Watched itself, and searched for local dirs (default `localDirs`). */
  modelsDir?: string;
  /** How often the default `localDirs` searches the models dir again. @default 5000 */
  discoverEveryMs?: number;
  /** @default 30000. A function is read on every scan: a changed setting reaches watched downloads. */
  stallTimeoutMs?: number | (() => number);
  /** @default 1000 */
  intervalMs?: number;
  /** Speed is measured over this window. @default 5000 */
  speedWindowMs?: number;
  /** Progress log lines at most this often per download. @default 10000 */
  logIntervalMs?: number;
  /** Expected total bytes of the repo at a revision (a Hub listing); null when unknown. */
  lookupTotal?: (repo: RepoRef, revisionHint?: string) => Promise<number | null>;
  /** Which repo a local dir holds when it has no hubget marker (e.g. from the catalog's targets). */
  repoForLocalDir?: (folder: string) => RepoRef | null | undefined;
  /**
   * The folders of hubget's unfinished jobs: their unclaimed temp files are skipped while they do not grow
   * (external-own-files.ts; this process's runs and unclaimed maps: external-hubget-runs.ts).
   */
  isOwnTempFile?: (path: string) => boolean;
  /** @default 'auto' (external-file-size.ts) */
  sizeMode?: SizeMode;
  logger?: WatcherLogger;
  /** Unix ms. @default Date.now */
  now?: () => number;
  onChange?: (downloads: ExternalDownload[]) => void;
}

export interface ExternalWatcher {
  /** One scan now; resolves with the current list (also sent to listeners). */
  tick(): Promise<ExternalDownload[]>;
  list(): ExternalDownload[];
  subscribe(listener: (downloads: ExternalDownload[]) => void): () => void;
  start(): void;
  stop(): void;
}

interface GroupState {
  id: string;
  repo: RepoRef | null;
  revisionHint: string | undefined;
  total: number | null;
  lookupStarted: boolean;
  knownFiles: Set<string>;
  fingerprint: string;
  /** Unix ms (`now`) of the first scan that found it. */
  firstSeenAt: number;
  /** Finished items present at first sight, with their mtime: not counted unless rewritten. */
  baseline: Map<string, number>;
  /** Items finished since first sight, by key: whether they count (`countsAsFetched`), decided when first seen. */
  finishedSince: Map<string, boolean>;
  /**
   * The files the temp files shown so far become (`ScannedTempFile.becomes`): only these count once finished, not
   * the files hubget's own runs (whose temp files are never shown) finish in the same folder.
   */
  shownFiles: Set<string>;
  /** A temp file not of another hubget process's run was shown: it goes on through a pause (external-download-end.ts). */
  otherProgram: boolean;
  lastDownloaded: number;
  /** Monotonic count of bytes seen arriving (drops, e.g. a failed attempt deleted, are not subtracted). */
  advancedBytes: number;
  samples: CountSample[];
  lastActivityAt: number;
  lastProgressLogAt: number;
  stallLogged: boolean;
  view: ExternalDownload | null;
}

export function externalDownloadId(folder: string): string {
  return `ext-${createHash('sha1').update(folder).digest('hex').slice(0, 16)}`;
}

export function createExternalWatcher(options: ExternalWatcherOptions): ExternalWatcher {
  const stall = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const stallTimeoutMs = (): number => (typeof stall === 'function' ? stall() : stall);
  const intervalMs = options.intervalMs ?? 1000;
  const speedWindowMs = options.speedWindowMs ?? 5000;
  const logIntervalMs = options.logIntervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  const logger = safeLogger(options.logger ?? silentLogger);
  const modelsDir = options.modelsDir === undefined ? undefined : resolve(options.modelsDir);
  const localDirs = options.localDirs ?? (modelsDir ? discoverLocalDirs(modelsDir) : () => [] as string[]);
  const states = new Map<string, GroupState>();

  /** findLocalDirs walks the models dir; once every `discoverEveryMs` is plenty for new folders. */
  function discoverLocalDirs(root: string): () => Promise<string[]> {
    const everyMs = options.discoverEveryMs ?? 5000;
    let cached: { at: number; dirs: string[] } | null = null;
    return async () => {
      const t = now();
      if (!cached || t - cached.at >= everyMs) cached = { at: t, dirs: await findLocalDirs(root) };
      return [...cached.dirs];
    };
  }
  const listeners = new Listeners<[ExternalDownload[]]>((error) =>
    logger.debug({ err: error }, 'External download listener failed'),
  );
  if (options.onChange) listeners.add(options.onChange);
  let current: ExternalDownload[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ExternalDownload[]> | null = null;

  async function createState(group: ScannedGroup, t: number): Promise<GroupState> {
    let repo = group.repo;
    let revisionHint: string | undefined;
    if (group.location === 'cache' && repo) {
      revisionHint = await newestRefCommit(group.folder);
    } else if (group.location === 'local') {
      const marker = await readLocalDirMarker(group.folder);
      if (marker) {
        repo = { repoId: marker.repoId, repoType: marker.repoType };
        revisionHint = marker.commit ?? marker.revision;
      } else {
        repo = options.repoForLocalDir?.(group.folder) ?? null;
      }
    }
    const newestMtime = Math.max(...group.files.map((file) => file.mtimeMs));
    return {
      id: externalDownloadId(group.folder),
      repo,
      revisionHint,
      total: null,
      lookupStarted: false,
      knownFiles: new Set(),
      fingerprint: '',
      firstSeenAt: t,
      baseline: new Map(group.finished.map((item) => [item.key, item.finishedAtMs])),
      finishedSince: new Map(),
      shownFiles: new Set(),
      otherProgram: false,
      lastDownloaded: 0,
      advancedBytes: 0,
      samples: [],
      lastActivityAt: Math.min(t, newestMtime),
      lastProgressLogAt: Number.NEGATIVE_INFINITY,
      stallLogged: false,
      view: null,
    };
  }

  function startLookup(state: GroupState): void {
    if (state.lookupStarted || !state.repo || !options.lookupTotal) return;
    state.lookupStarted = true;
    const repo = state.repo;
    options
      .lookupTotal(repo, state.revisionHint)
      .then((total) => {
        state.total = typeof total === 'number' && Number.isFinite(total) && total > 0 ? total : null;
      })
      .catch((error: unknown) => {
        logger.debug({ repoId: repo.repoId, err: error }, 'Could not look up the expected size');
      });
  }

  /** The download's view after this scan; null when it has ended (externalDownloadEnded). */
  function update(
    state: GroupState,
    group: ScannedGroup,
    t: number,
    isNew: boolean,
  ): ExternalDownload | null {
    const logFields = { downloadId: state.id, repoId: state.repo?.repoId ?? null, folder: group.folder };
    for (const file of group.files) {
      if (state.knownFiles.has(file.path)) continue;
      state.knownFiles.add(file.path);
      logger.info(
        { ...logFields, path: file.path, shape: file.shape, hubgetRun: file.hubgetRun },
        `Found partial file: ${file.path} (${formatBytes(file.countedBytes)})`,
      );
    }
    for (const file of group.files) {
      if (file.becomes !== null) state.shownFiles.add(file.becomes);
      if (!file.hubgetRun) state.otherProgram = true;
    }
    const inFlight = group.files.reduce((sum, file) => sum + file.countedBytes, 0);
    const { counted: done, fresh } = countedFinished(state, group.finished);
    // Between two files (all small, or a fast line) or in a pause of the program a scan may find no temp file.
    const ended = externalDownloadEnded({
      tempFiles: group.files.length,
      freshFinished: fresh,
      idleMs: t - state.lastActivityAt,
      stallTimeoutMs: stallTimeoutMs(),
      otherProgram: state.otherProgram,
    });
    if (ended) return null;
    const finished = done.reduce((sum, item) => sum + item.bytes, 0);
    const downloaded = inFlight + finished;

    const fingerprint = [
      ...group.files.map((f) => `${f.path}:${f.size}:${f.countedBytes}:${f.mtimeMs}`),
      `finished:${finished}`,
    ]
      .sort()
      .join('|');
    if (!isNew && fingerprint !== state.fingerprint) state.lastActivityAt = t;
    state.fingerprint = fingerprint;

    if (!isNew && downloaded > state.lastDownloaded) state.advancedBytes += downloaded - state.lastDownloaded;
    state.lastDownloaded = downloaded;
    const rate = slideRateWindow(state.samples, { t, advanced: state.advancedBytes }, speedWindowMs);
    const { bytesPerSecond } = rate;

    const idleMs = t - state.lastActivityAt;
    const stalled = idleMs >= stallTimeoutMs();
    const stallReason = stalled ? `No file activity for ${formatDuration(idleMs / 1000)}` : null;
    if (stalled && !state.stallLogged) {
      logger.warn(
        { ...logFields, idleMs },
        `Warning: No file activity for ${formatDuration(idleMs / 1000)} - download may be stalled`,
      );
    }
    state.stallLogged = stalled;

    const total = state.total;
    const percent = total ? Math.min(100, Math.round((downloaded / total) * 1000) / 10) : null;
    if (t - state.lastProgressLogAt >= logIntervalMs) {
      state.lastProgressLogAt = t;
      const amount = total
        ? `${Math.floor(percent ?? 0)}% (${formatBytes(downloaded)} / ${formatBytes(total)})`
        : `${formatBytes(downloaded)} (total unknown)`;
      logger.info(
        { ...logFields, downloaded, total, bytesPerSecond, filesDone: done.length },
        `Download progress: ${amount} | ${group.files.length} files | Last update: ${formatDuration(idleMs / 1000)} ago`,
      );
    }

    return {
      id: state.id,
      repoId: state.repo?.repoId ?? null,
      repoType: state.repo?.repoType ?? 'model',
      location: group.location,
      folder: group.folder,
      files: group.files.map((file) => ({ path: file.path, size: file.size, mtimeMs: file.mtimeMs })),
      downloaded,
      filesDone: done.length,
      total,
      percent,
      // A stall shorter than the speed window would otherwise keep showing the last burst's speed.
      bytesPerSecond: stalled ? 0 : Math.max(0, bytesPerSecond),
      rateSampledMs: rate.sampledMs,
      lastActivityAt: state.lastActivityAt,
      stalled,
      stallReason,
      hubgetRuns: hubgetRunsOf(group.files),
    };
  }

  const blobMemo = new Map<string, Map<string, FinishedFile>>();
  const claimsMemo: ClaimsMemo = new Map();
  const ownFolderMemo: OwnFolderMemo = new Map();

  async function scanOnce(): Promise<ExternalDownload[]> {
    const dirs = await Promise.resolve(localDirs()).catch((error: unknown) => {
      logger.debug({ err: error }, 'Could not list local dirs');
      return [] as string[];
    });
    if (modelsDir && !dirs.includes(modelsDir)) dirs.push(modelsDir);
    const groups = await scanExternalDownloads({
      hubCacheDir: options.hubCacheDir,
      localDirs: dirs,
      isOwnTempFile: options.isOwnTempFile,
      sizeMode: options.sizeMode,
      blobMemo,
      claimsMemo,
      ownFolderMemo,
      continuing: new Set(states.keys()),
    });
    // Only folders with a download in progress need their blobs remembered.
    for (const blobs of blobMemo.keys()) {
      if (!groups.some((group) => blobs === join(group.folder, 'blobs'))) blobMemo.delete(blobs);
    }
    const t = now();
    const seen = new Set<string>();
    const downloads: ExternalDownload[] = [];
    for (const group of groups) {
      let state = states.get(group.folder);
      const isNew = !state;
      if (!state) {
        if (group.files.length === 0) continue;
        state = await createState(group, t);
        states.set(group.folder, state);
      }
      startLookup(state);
      const view = update(state, group, t, isNew);
      if (view === null) continue;
      seen.add(group.folder);
      state.view = view;
      downloads.push(view);
    }
    for (const [folder, state] of states) {
      if (seen.has(folder)) continue;
      states.delete(folder);
      logger.info(
        { downloadId: state.id, repoId: state.repo?.repoId ?? null, folder },
        `External download ended (no temp files left): ${folder}`,
      );
    }
    const changed = downloads.length > 0 || current.length > 0;
    current = downloads;
    if (changed) {
      listeners.emit(downloads);
    }
    return downloads;
  }

  function tick(): Promise<ExternalDownload[]> {
    // Never two scans at once: a slow disk makes a tick wait for the running one.
    running ??= scanOnce().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    tick,
    list: () => current,
    subscribe(listener) {
      return listeners.add(listener);
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (!running)
          void tick().catch((error: unknown) => logger.warn({ err: error }, 'External scan failed'));
      }, intervalMs);
      timer.unref();
      void tick().catch((error: unknown) => logger.warn({ err: error }, 'External scan failed'));
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
