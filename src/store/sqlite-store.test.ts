import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStoreContract, sampleStoredJob } from '../../test/support/store-contract.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

describeStoreContract('sqlite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hubget-store-'));
  return { store: openSqliteStore(join(dir, 'hubget.db')), cleanup: () => rmSync(dir, { recursive: true }) };
});

describeStoreContract('sqlite :memory:', () => ({ store: openSqliteStore(':memory:') }));

describe('openSqliteStore', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubget-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** A database file at schema `version` (its first migrations applied), open for the test to fill. */
  const databaseAt = (version: number) => {
    const path = join(tempDir(), 'hubget.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, version)) old.exec(migration);
    old.pragma(`user_version = ${version}`);
    return { path, old };
  };

  it('creates the database file with mode 0600, in WAL mode, at the latest schema version', () => {
    const path = join(tempDir(), 'hubget.db');
    openSqliteStore(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('keeps data across reopen and does not re-run migrations', () => {
    const path = join(tempDir(), 'hubget.db');
    const first = openSqliteStore(path);
    first.insertJob(sampleStoredJob({ state: 'running' }));
    first.setSetting('maxParallel', 5);
    first.close();
    const second = openSqliteStore(path);
    expect(second.getJob('job-1')?.state).toBe('running');
    expect(second.getSetting('maxParallel')).toBe(5);
    second.close();
  });

  it('upgrades a version-1 database in place: jobs keep their data, get no temp prefixes and no fetched count', () => {
    const { path, old } = databaseAt(1);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'paused', 1, 1)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    // Nothing recorded what it fetched: unknown, not zero.
    expect(store.getJob('old')).toMatchObject({
      repoId: 'org/m',
      state: 'paused',
      tempPrefixes: [],
      fetchedBytes: null,
      otherRunBytes: null,
    });
    store.updateJob('old', { tempPrefixes: ['/cache/models--org--m/blobs/abc'] });
    expect(store.getJob('old')!.tempPrefixes).toEqual(['/cache/models--org--m/blobs/abc']);
    store.close();
  });

  it('upgrades a version-3 database: a job keeps its fetched count and gets no count of bytes another download fetched', () => {
    const { path, old } = databaseAt(3);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order, fetched_bytes) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'completed', 1, 1, 0)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    // Nothing recorded what another download fetched for it: unknown, not zero.
    expect(store.getJob('old')).toMatchObject({ fetchedBytes: 0, otherRunBytes: null });
    store.updateJob('old', { otherRunBytes: 629_145_600 });
    expect(store.getJob('old')!.otherRunBytes).toBe(629_145_600);
    store.close();
  });

  it('upgrades a version-4 database: speed samples keep their data and get no fetched count', () => {
    const { path, old } = databaseAt(4);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'running', 1, 1)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO speed_samples (job_id, t, bytes_per_second, downloaded) VALUES ('old', 1000, 7, 70)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    store.addSpeedSample('old', { t: 2000, bytesPerSecond: 8, downloaded: 90, fetchedBytes: 20 });
    // Nothing recorded what the job had fetched by the first sample: unknown, not zero.
    expect(store.listSpeedSamples('old')).toEqual([
      { t: 1000, bytesPerSecond: 7, downloaded: 70, fetchedBytes: null },
      { t: 2000, bytesPerSecond: 8, downloaded: 90, fetchedBytes: 20 },
    ]);
    store.close();
  });

  it('upgrades a version-5 database: a job keeps its counts and gets no fetching time', () => {
    const { path, old } = databaseAt(5);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order, fetched_bytes, other_run_bytes) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'completed', 1, 1, 500, 0)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    // Nothing recorded how long it was fetching: unknown, not zero.
    expect(store.getJob('old')).toMatchObject({ fetchedBytes: 500, otherRunBytes: 0, fetchingMs: null });
    store.updateJob('old', { fetchingMs: 12_500 });
    expect(store.getJob('old')!.fetchingMs).toBe(12_500);
    store.close();
  });

  it('upgrades a version-6 database: a job keeps its counts and gets no count of bytes copied from the HF cache', () => {
    const { path, old } = databaseAt(6);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order, fetched_bytes, fetching_ms) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'completed', 1, 1, 0, 0)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    // Nothing recorded what it copied: unknown, not zero.
    expect(store.getJob('old')).toMatchObject({ fetchedBytes: 0, fetchingMs: 0, copiedBytes: null });
    store.updateJob('old', { copiedBytes: 5_242_880 });
    expect(store.getJob('old')!.copiedBytes).toBe(5_242_880);
    store.close();
  });

  it('upgrades a version-7 database: no interruption counted yet, a job left running marked as stopped cleanly', () => {
    const { path, old } = databaseAt(7);
    const insert = old.prepare(
      `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
        created_at, last_activity_at, queue_order) VALUES (?, 'org/m', 'model', 'main', '[]', '[]', 'm', ?, 1, ?, 1)`,
    );
    insert.run('running', 'running', 5_000);
    insert.run('done', 'completed', 6_000);
    old.close();
    const store = openSqliteStore(path);
    const none = {
      interruptions: 0,
      crashes: 0,
      cutOffs: 0,
      lastCutOff: false,
      lastInterruptedAt: null,
      lastCrashAt: null,
    };
    // The older hubget that left it running did not record how it stopped: not claimed to be a crash.
    expect(store.getJob('running')).toMatchObject({ ...none, cleanStopAt: 5_000 });
    expect(store.getJob('done')).toMatchObject({ ...none, cleanStopAt: null });
    store.updateJob('done', { interruptions: 3, crashes: 2, lastInterruptedAt: 7_000, lastCrashAt: 7_000 });
    expect(store.getJob('done')).toMatchObject({ interruptions: 3, crashes: 2, lastCrashAt: 7_000 });
    store.updateJob('done', { interruptions: 4, cutOffs: 1, lastCutOff: true, lastInterruptedAt: 8_000 });
    expect(store.getJob('done')).toMatchObject({
      interruptions: 4,
      crashes: 2,
      cutOffs: 1,
      lastCutOff: true,
    });
    store.close();
  });

  it('upgrades a version-8 database: no job stored before is marked to start at once', () => {
    const { path, old } = databaseAt(8);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'running', 1, 1)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    expect(store.getJob('old')).toMatchObject({ state: 'running', startNow: false });
    store.updateJob('old', { startNow: true });
    expect(store.getJob('old')!.startNow).toBe(true);
    store.updateJob('old', { state: 'paused', startNow: false });
    expect(store.getJob('old')).toMatchObject({ state: 'paused', startNow: false });
    store.close();
  });

  it('upgrades a version-12 database: a job keeps its fetching time and gets no time waited for the Hub', () => {
    const { path, old } = databaseAt(12);
    old
      .prepare(
        `INSERT INTO jobs (id, repo_id, repo_type, revision, include_json, exclude_json, name, state,
          created_at, queue_order, fetched_bytes, fetching_ms) VALUES ('old', 'org/m', 'model', 'main', '[]', '[]', 'm', 'completed', 1, 1, 500, 9000)`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path);
    // Nothing recorded how long it waited for the Hub: unknown, not zero.
    expect(store.getJob('old')).toMatchObject({ fetchedBytes: 500, fetchingMs: 9000, hubWaitedMs: null });
    store.updateJob('old', { hubWaitedMs: 217_000 });
    expect(store.getJob('old')!.hubWaitedMs).toBe(217_000);
    store.close();
  });

  it('reads a store read-only for hubget ls: never creates, migrates or writes it', () => {
    const missing = join(tempDir(), 'hubget.db');
    expect(() => openSqliteStore(missing, { readonly: true })).toThrow();
    expect(() => statSync(missing)).toThrow();

    const { path, old } = databaseAt(MIGRATIONS.length - 1);
    old.close();
    expect(() => openSqliteStore(path, { readonly: true })).toThrow(
      `has schema version ${MIGRATIONS.length - 1}; this hubget reads version ${MIGRATIONS.length}`,
    );
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length - 1);
    check.close();

    const current = join(tempDir(), 'hubget.db');
    const writer = openSqliteStore(current);
    writer.insertJob(sampleStoredJob({ id: 'a' }));
    const reader = openSqliteStore(current, { readonly: true });
    expect(reader.listJobs().map((job) => job.id)).toEqual(['a']);
    expect(() => reader.insertJob(sampleStoredJob({ id: 'b' }))).toThrow(/readonly/);
    reader.close();
    writer.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = join(tempDir(), 'hubget.db');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer than this hubget understands/);
  });
});
