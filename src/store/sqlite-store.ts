/** The SQLite adapter of `Store` (better-sqlite3: synchronous, one connection, statements prepared once). */
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ApiRepoType, JobFileView, JobState } from '../api-types.js';
import { HubgetError } from '../errors.js';
import type { CopyPlace } from '../format/copy-places.js';
import { MIGRATIONS } from './migrations.js';
import { DEFAULT_DOWNSAMPLING, downsampleSpeedSamples, type SampleWithId } from './speed-downsampling.js';
import type { JobPatch, Store, StoredJob, StoredJobFile, StoredSpeedSample } from './types.js';

/** A job_files row: the file's view, its copy place as JSON (migration 12). */
type FileRow = Omit<JobFileView, 'copiedFrom'> & { copied_from_json: string | null };

interface JobRow {
  id: string;
  repo_id: string;
  repo_type: string;
  revision: string;
  include_json: string;
  exclude_json: string;
  local_dir: string | null;
  name: string;
  bandwidth_limit: number;
  state: string;
  commit_hash: string | null;
  total_bytes: number;
  downloaded_bytes: number;
  files_total: number;
  files_done: number;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  last_activity_at: number | null;
  fetched_bytes: number | null;
  other_run_bytes: number | null;
  copied_bytes: number | null;
  linked_bytes: number | null;
  fetching_ms: number | null;
  hub_waited_ms: number | null;
  interruptions: number;
  crashes: number;
  cut_offs: number;
  /** 0 or 1. */
  last_cut_off: number;
  last_interrupted_at: number | null;
  last_crash_at: number | null;
  clean_stop_at: number | null;
  /** 0 or 1. */
  start_now: number;
  /** 0 or 1. */
  repair: number;
  queue_order: number;
  result_path: string | null;
  temp_prefixes_json: string;
}

/** Job field → column; the only place the two spellings meet. */
const COLUMNS: { [K in keyof Omit<StoredJob, 'id'>]-?: keyof JobRow } = {
  repoId: 'repo_id',
  repoType: 'repo_type',
  revision: 'revision',
  include: 'include_json',
  exclude: 'exclude_json',
  localDir: 'local_dir',
  name: 'name',
  bandwidthLimit: 'bandwidth_limit',
  state: 'state',
  commit: 'commit_hash',
  totalBytes: 'total_bytes',
  downloadedBytes: 'downloaded_bytes',
  filesTotal: 'files_total',
  filesDone: 'files_done',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  lastActivityAt: 'last_activity_at',
  fetchedBytes: 'fetched_bytes',
  otherRunBytes: 'other_run_bytes',
  copiedBytes: 'copied_bytes',
  linkedBytes: 'linked_bytes',
  fetchingMs: 'fetching_ms',
  hubWaitedMs: 'hub_waited_ms',
  interruptions: 'interruptions',
  crashes: 'crashes',
  cutOffs: 'cut_offs',
  lastCutOff: 'last_cut_off',
  lastInterruptedAt: 'last_interrupted_at',
  lastCrashAt: 'last_crash_at',
  cleanStopAt: 'clean_stop_at',
  startNow: 'start_now',
  repair: 'repair',
  queueOrder: 'queue_order',
  resultPath: 'result_path',
  tempPrefixes: 'temp_prefixes_json',
};

const JSON_FIELDS = new Set<keyof StoredJob>(['include', 'exclude', 'tempPrefixes']);

function toRow(job: StoredJob): JobRow {
  const row: Record<string, unknown> = { id: job.id };
  for (const [field, column] of Object.entries(COLUMNS)) {
    const value = job[field as keyof StoredJob];
    row[column] = JSON_FIELDS.has(field as keyof StoredJob)
      ? JSON.stringify(value)
      : typeof value === 'boolean'
        ? Number(value)
        : value;
  }
  return row as unknown as JobRow;
}

function fromRow(row: JobRow): StoredJob {
  return {
    id: row.id,
    repoId: row.repo_id,
    repoType: row.repo_type as ApiRepoType,
    revision: row.revision,
    include: JSON.parse(row.include_json) as string[],
    exclude: JSON.parse(row.exclude_json) as string[],
    localDir: row.local_dir,
    name: row.name,
    bandwidthLimit: row.bandwidth_limit,
    state: row.state as JobState,
    commit: row.commit_hash,
    totalBytes: row.total_bytes,
    downloadedBytes: row.downloaded_bytes,
    filesTotal: row.files_total,
    filesDone: row.files_done,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lastActivityAt: row.last_activity_at,
    fetchedBytes: row.fetched_bytes,
    otherRunBytes: row.other_run_bytes,
    copiedBytes: row.copied_bytes,
    linkedBytes: row.linked_bytes,
    fetchingMs: row.fetching_ms,
    hubWaitedMs: row.hub_waited_ms,
    interruptions: row.interruptions,
    crashes: row.crashes,
    cutOffs: row.cut_offs,
    lastCutOff: row.last_cut_off === 1,
    lastInterruptedAt: row.last_interrupted_at,
    lastCrashAt: row.last_crash_at,
    cleanStopAt: row.clean_stop_at,
    startNow: row.start_now === 1,
    repair: row.repair === 1,
    queueOrder: row.queue_order,
    resultPath: row.result_path,
    tempPrefixes: JSON.parse(row.temp_prefixes_json) as string[],
  };
}

const FULL_RESOLUTION_MS = Math.min(...DEFAULT_DOWNSAMPLING.map((tier) => tier.olderThanMs));

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new HubgetError(
      'INVALID_STATE',
      `The database schema (version ${current}) is newer than this hubget understands (${MIGRATIONS.length})`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * A store another program owns (`hubget ls` and `rm` reading the server's): opened read-only, never created or
 * migrated under the server that owns it; a schema of another version than this hubget's is refused (its
 * columns may differ), so the reader goes on without it.
 */
function openForReading(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== MIGRATIONS.length) {
    db.close();
    throw new HubgetError(
      'INVALID_STATE',
      `The store ${path} has schema version ${version}; this hubget reads version ${MIGRATIONS.length} (run the same version as the server)`,
    );
  }
  return db;
}

/**
 * Opens (creating when missing, mode 0600: it names the user's repos) the SQLite database at `path`, in WAL
 * mode, migrated to the latest schema. `':memory:'` gives a throw-away database. `readonly`: an existing
 * store is only read (openForReading).
 */
export function openSqliteStore(path: string, options: { readonly?: boolean } = {}): Store {
  let db: Database.Database;
  if (options.readonly) {
    db = openForReading(path);
  } else {
    if (path !== ':memory:') {
      // Create the file ourselves so it never exists with the umask's wider mode.
      closeSync(openSync(path, 'a', 0o600));
    }
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  }

  const columnNames = ['id', ...Object.values(COLUMNS)];
  const insertJob = db.prepare(
    `INSERT INTO jobs (${columnNames.join(', ')}) VALUES (${columnNames.map((c) => `@${c}`).join(', ')})`,
  );
  // One statement that writes every column: patches are merged in memory first, so it is prepared once.
  const updateJob = db.prepare(
    `UPDATE jobs SET ${Object.values(COLUMNS)
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE id = @id`,
  );
  const getJob = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const listJobs = db.prepare<[], JobRow>('SELECT * FROM jobs ORDER BY queue_order, created_at, id');
  const deleteJob = db.prepare<[string]>('DELETE FROM jobs WHERE id = ?');
  const insertRemoved = db.prepare<[string]>('INSERT OR IGNORE INTO removed_jobs (id) VALUES (?)');
  const listRemoved = db.prepare<[], { id: string }>('SELECT id FROM removed_jobs ORDER BY id');
  const deleteRemoved = db.prepare<[string]>('DELETE FROM removed_jobs WHERE id = ?');
  const deleteFiles = db.prepare<[string]>('DELETE FROM job_files WHERE job_id = ?');
  const upsertFile = db.prepare(
    `INSERT INTO job_files (job_id, path, size, downloaded, state, copied_from_json)
     VALUES (@jobId, @path, @size, @downloaded, @state, @copiedFrom)
     ON CONFLICT (job_id, path) DO UPDATE SET size = excluded.size, downloaded = excluded.downloaded,
       state = excluded.state, copied_from_json = excluded.copied_from_json`,
  );
  const listFiles = db.prepare<[string], FileRow>(
    'SELECT path, size, downloaded, state, copied_from_json FROM job_files WHERE job_id = ? ORDER BY path',
  );
  const insertSample = db.prepare<[string, number, number, number, number | null]>(
    'INSERT INTO speed_samples (job_id, t, bytes_per_second, downloaded, fetched_bytes) VALUES (?, ?, ?, ?, ?)',
  );
  const sampleColumns = 't, bytes_per_second AS bytesPerSecond, downloaded, fetched_bytes AS fetchedBytes';
  const listSamples = db.prepare<[string], StoredSpeedSample>(
    `SELECT ${sampleColumns} FROM speed_samples WHERE job_id = ? ORDER BY t, id`,
  );
  const listSamplesBefore = db.prepare<[string, number], SampleWithId>(
    `SELECT id, ${sampleColumns} FROM speed_samples WHERE job_id = ? AND t < ? ORDER BY t, id`,
  );
  const deleteSample = db.prepare<[number]>('DELETE FROM speed_samples WHERE id = ?');
  const getSetting = db.prepare<[string], { value_json: string }>(
    'SELECT value_json FROM settings WHERE key = ?',
  );
  const setSetting = db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  );
  const listSettings = db.prepare<[], { key: string; value_json: string }>(
    'SELECT key, value_json FROM settings',
  );

  const writeFiles = (jobId: string, files: StoredJobFile[]): void => {
    for (const { copiedFrom, ...file } of files) {
      upsertFile.run({ jobId, ...file, copiedFrom: copiedFrom ? JSON.stringify(copiedFrom) : null });
    }
  };
  const replaceFiles = db.transaction((jobId: string, files: StoredJobFile[]) => {
    deleteFiles.run(jobId);
    writeFiles(jobId, files);
  });
  const upsertFiles = db.transaction(writeFiles);
  const removeJob = db.transaction((id: string) => {
    deleteJob.run(id);
    insertRemoved.run(id);
  });
  const forgetRemoved = db.transaction((ids: readonly string[]) => {
    for (const id of ids) deleteRemoved.run(id);
  });
  const writeSample = (jobId: string, sample: StoredSpeedSample): void => {
    insertSample.run(
      jobId,
      sample.t,
      Math.round(sample.bytesPerSecond),
      sample.downloaded,
      sample.fetchedBytes,
    );
  };
  const compact = db.transaction((jobId: string, nowMs: number) => {
    // Only samples older than the first tier boundary can change.
    const candidates = listSamplesBefore.all(jobId, nowMs - FULL_RESOLUTION_MS);
    const { remove, add } = downsampleSpeedSamples(candidates, nowMs);
    for (const id of remove) deleteSample.run(id);
    for (const sample of add) writeSample(jobId, sample);
  });

  let closed = false;
  return {
    insertJob(job) {
      insertJob.run(toRow(job));
    },
    updateJob(id: string, patch: JobPatch) {
      const row = getJob.get(id);
      if (!row) return;
      updateJob.run(toRow({ ...fromRow(row), ...patch, id }));
    },
    getJob(id) {
      const row = getJob.get(id);
      return row ? fromRow(row) : undefined;
    },
    listJobs() {
      return listJobs.all().map(fromRow);
    },
    deleteJob(id) {
      removeJob(id);
    },
    listRemovedJobIds() {
      return listRemoved.all().map((row) => row.id);
    },
    forgetRemovedJobs(ids) {
      forgetRemoved(ids);
    },
    replaceJobFiles(jobId, files) {
      replaceFiles(jobId, files);
    },
    upsertJobFiles(jobId, files) {
      upsertFiles(jobId, files);
    },
    listJobFiles(jobId) {
      return listFiles
        .all(jobId)
        .map(({ copied_from_json: copiedFrom, ...file }) =>
          copiedFrom === null ? file : { ...file, copiedFrom: JSON.parse(copiedFrom) as CopyPlace },
        );
    },
    addSpeedSample(jobId, sample) {
      writeSample(jobId, sample);
    },
    listSpeedSamples(jobId) {
      return listSamples.all(jobId);
    },
    compactSpeedSamples(jobId, nowMs) {
      compact(jobId, nowMs);
    },
    getSetting(key) {
      const row = getSetting.get(key);
      return row ? (JSON.parse(row.value_json) as unknown) : undefined;
    },
    setSetting(key, value) {
      setSetting.run(key, JSON.stringify(value));
    },
    listSettings() {
      return Object.fromEntries(
        listSettings.all().map((row) => [row.key, JSON.parse(row.value_json) as unknown]),
      );
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
