/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied; a migration is
 * never edited once shipped — a change is a new entry (never a table rename that drops data).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: jobs, their files, speed history, settings.
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    repo_id TEXT NOT NULL,
    repo_type TEXT NOT NULL,
    revision TEXT NOT NULL,
    include_json TEXT NOT NULL,
    exclude_json TEXT NOT NULL,
    local_dir TEXT,
    name TEXT NOT NULL,
    bandwidth_limit INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    commit_hash TEXT,
    total_bytes INTEGER NOT NULL DEFAULT 0,
    downloaded_bytes INTEGER NOT NULL DEFAULT 0,
    files_total INTEGER NOT NULL DEFAULT 0,
    files_done INTEGER NOT NULL DEFAULT 0,
    error_code TEXT,
    error_message TEXT,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    last_activity_at INTEGER,
    queue_order REAL NOT NULL,
    result_path TEXT
  );
  CREATE TABLE job_files (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    downloaded INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (job_id, path)
  );
  CREATE TABLE speed_samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    t INTEGER NOT NULL,
    bytes_per_second INTEGER NOT NULL,
    downloaded INTEGER NOT NULL
  );
  CREATE INDEX speed_samples_job_t ON speed_samples (job_id, t);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  );
  `,
  // 2: the temp-file prefixes of a job's plan, stored when a run starts, so a cancel can remove the temp
  // files without listing the repo on the Hub again (offline too).
  `
  ALTER TABLE jobs ADD COLUMN temp_prefixes_json TEXT NOT NULL DEFAULT '[]';
  `,
  // 3: the bytes a job fetched over the network (its history tells a download from files already on disk);
  // NULL for the jobs stored before: not recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN fetched_bytes INTEGER;
  `,
  // 4: the bytes another download fetched for a job (files it waited for, then found in place: its history
  // tells them from "already on disk"); NULL for the jobs stored before: not recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN other_run_bytes INTEGER;
  `,
  // 5: the job's fetched bytes with each speed sample (its average speed counts only what it fetched itself,
  // not bytes another download landed for it); NULL for the samples stored before: not recorded, not zero.
  `
  ALTER TABLE speed_samples ADD COLUMN fetched_bytes INTEGER;
  `,
  // 6: the time a job's runs were fetching (its average speed leaves out pauses, queueing and waiting for
  // another download without its speed samples); NULL for the jobs stored before: not recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN fetching_ms INTEGER;
  `,
  // 7: the bytes a local-dir job copied from the HF cache instead of fetching them (its history says so rather
  // than "already on disk"); NULL for the jobs stored before: not recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN copied_bytes INTEGER;
  `,
  // 8: the server stops that interrupted a job while it ran, crashes told from clean shutdowns (a shutdown
  // marks the jobs it stopped, `clean_stop_at`; the next start counts each running job). The jobs an older
  // hubget left running were stopped by it, cleanly or not, unrecorded: counted as a clean stop at their last
  // activity, not claimed to be a crash.
  `
  ALTER TABLE jobs ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN last_interrupted_at INTEGER;
  ALTER TABLE jobs ADD COLUMN last_crash_at INTEGER;
  ALTER TABLE jobs ADD COLUMN clean_stop_at INTEGER;
  UPDATE jobs SET clean_stop_at = COALESCE(last_activity_at, started_at, created_at) WHERE state = 'running';
  `,
  // 9: a job started at once, outside the queue's limit (CreateOptions.startNow: a mirror pull a client waits
  // on), stays so across a restart instead of waiting in the queue; 0/1. The jobs stored before were not.
  `
  ALTER TABLE jobs ADD COLUMN start_now INTEGER NOT NULL DEFAULT 0;
  `,
  // 10: the ids of jobs removed from the list until their progress file is deleted (a kill between the two left
  // it for ever): the next start deletes `download_{id}.json` by the id this store issued (src/jobs/job-removal.ts).
  `
  CREATE TABLE removed_jobs (id TEXT PRIMARY KEY);
  `,
  // 11: the interruptions by a shutdown that began and was cut off (its time limit, a second signal), told from
  // crashes as the server's own record tells them (src/job-interruptions.ts, stopKind). The jobs stored before
  // keep such stops among their crashes: nothing recorded which they were.
  `
  ALTER TABLE jobs ADD COLUMN cut_offs INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN last_cut_off INTEGER NOT NULL DEFAULT 0;
  `,
  // 12: where a job's file was copied from instead of fetched (a CopyPlace as JSON: the HF cache, another repo's
  // folder there, a local dir), so its History names the place; NULL when fetched or there already, and for the
  // files stored before: not recorded.
  `
  ALTER TABLE job_files ADD COLUMN copied_from_json TEXT;
  `,
  // 13: the time a job's runs waited for the Hub with every file they fetched (a `429`'s Retry-After, a `5xx`
  // backoff: not in fetching_ms), so its History says "waited 3 min 37 s for the Hub" as the CLI's summary does;
  // NULL for the jobs stored before: not recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN hub_waited_ms INTEGER;
  `,
  // 14: of copied_bytes, those hard-linked from another repo's folder in the HF cache (a fork's weights, which take
  // no room), so a job's History says "linked" as the CLI's summary does; NULL for the jobs stored before: not
  // recorded, not zero.
  `
  ALTER TABLE jobs ADD COLUMN linked_bytes INTEGER;
  `,
  // 15: a job that fetches again files a verification found not intact (a repair: CreateOptions.repair), so the
  // model's chip says it repairs N files at the repair's own percent, not "Downloading 1.1 %" of the model. 0/1; the
  // jobs stored before were not marked (a repair among them reads as a download, as it did).
  `
  ALTER TABLE jobs ADD COLUMN repair INTEGER NOT NULL DEFAULT 0;
  `,
];
