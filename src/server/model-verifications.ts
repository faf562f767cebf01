/**
 * The server's verifications of installed models (POST /api/models/verify, docs/api-models.md): one at a time per
 * model, each with its progress published on the live event stream (the `verification` event, docs/api-hub-system.md).
 * A request for a model already being hashed (another tab, a double click) joins that run and gets its answer, rather
 * than reading the same gigabytes a second time beside it. A request with `repair` that joins a plain run repairs from
 * that run's verdicts once it ends (the files are not hashed again), and so does every later `repair` request of that
 * run: one repair per run, whose answer (its jobs) each of them gets; a plain request that joins a run being repaired
 * gets that repair's answer too, since the files it names are deleted by then.
 */
import { randomUUID } from 'node:crypto';
import type { ModelToDeleteRef } from '../api-models-deletion-types.js';
import type { ModelVerification, VerificationProgress } from '../api-verify-types.js';
import { realFolderInModelsDir } from '../cache/index.js';
import { VERIFY_FINDINGS_KEPT_MS, VERIFY_HEARTBEAT_MS, VERIFY_PROGRESS_INTERVAL_MS } from '../defaults.js';
import { HubgetError } from '../errors.js';
import { exactPathPattern } from '../hub/index.js';
import type { RepoRef } from '../hub/types.js';
import type { JobService } from '../jobs/index.js';
import { keyOfModelRef } from '../model-keys.js';
import { etaSeconds } from '../progress/eta.js';
import { SpeedMeter } from '../progress/speed-meter.js';
import {
  cachedRepoPlace,
  localDirPlace,
  type PlaceToVerify,
  verifyItems,
} from '../transfer/verify-installed.js';
import {
  checkedBytes,
  type FileProblem,
  isBad,
  placeCounts,
  placeJson,
  problemsOf,
  type VerifiedPlace,
} from '../transfer/verify-problems.js';
import {
  localDirRepo,
  notIntactState,
  removeNotIntact,
  repairDownloads,
  repairJobName,
  unnamedRepoRefusal,
} from '../transfer/verify-repair.js';

export interface ModelVerificationsOptions {
  jobs: Pick<JobService, 'create'>;
  modelsDir: string;
  hubCacheDir: string;
  /** At most one progress event per this while hashing (default VERIFY_PROGRESS_INTERVAL_MS), and the end at once. */
  progressIntervalMs?: number;
  /** At least one progress event per this while hashing (default VERIFY_HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** The hashing (verifyItems); a test holds it to join a run for sure. */
  hash?: typeof verifyItems;
  now?: () => number;
}

type Listener = (progress: VerificationProgress) => void;

/** A model's files hashed, and what was found. */
interface Hashed {
  /** The verification's: its events' and its answer's. */
  id: string;
  found: PlaceToVerify;
  place: VerifiedPlace;
  problems: FileProblem[];
}

interface Run {
  id: string;
  ref: ModelToDeleteRef;
  /** The latest progress published; undefined until the place is found (nothing is told of a model not there). */
  progress: VerificationProgress | undefined;
  hashed: Promise<Hashed>;
  /** The repair a `repair` request asked for, once: every such request of this run gets its answer. */
  repaired: Promise<ModelVerification> | undefined;
}

/**
 * The repo a repair of `hashed` downloads: a cached repo's own; a local folder's from its hubget marker, else the one
 * the request names as held there (`held`). Refused (INVALID_ARGUMENT, nothing deleted) when the marker names another
 * repo, or when files are to be fetched again and nothing names the repo.
 */
function repoOf(hashed: Hashed, ref: ModelToDeleteRef, held: RepoRef | undefined): RepoRef | undefined {
  const { found, place, problems } = hashed;
  if (!('localFolder' in ref)) return found.repo;
  const repo = localDirRepo(`Folder ${place.label}`, found.repo, held);
  if (repo === undefined && problems.some(isBad)) {
    throw new HubgetError('INVALID_ARGUMENT', `Folder ${place.label}: ${unnamedRepoRefusal(found.path)}`);
  }
  return repo;
}

/** A model's last verification that found files not intact, kept for a repair that names it (`findings`). */
interface Kept {
  hashed: Hashed;
  /** The verification's run: its last event (`done`) is published again with the repair's answer. */
  run: Run;
  ref: ModelToDeleteRef;
  endedMs: number;
  /** notIntactState when it ended: the same later means those files are as the findings say. */
  state: string;
  /** The repair made from these findings, once: a second request (a double click) gets its answer. */
  repaired: Promise<ModelVerification> | undefined;
}

export class ModelVerifications {
  readonly #options: ModelVerificationsOptions;
  readonly #runs = new Map<string, Run>();
  /** By model key: the last verification's findings while a repair may act on them. */
  readonly #kept = new Map<string, Kept>();
  readonly #listeners = new Set<Listener>();
  readonly #controller = new AbortController();

  constructor(options: ModelVerificationsOptions) {
    this.#options = options;
  }

  /**
   * The model's files hashed again (joining its run when one is on its way); with `repair`, what is not intact fetched
   * again — from the findings of the verification `findings` names when they are still good (#repairKept).
   */
  verify(
    ref: ModelToDeleteRef,
    repair: boolean,
    findings?: string,
    held?: RepoRef,
  ): Promise<ModelVerification> {
    const key = keyOfModelRef(ref);
    if (repair && findings !== undefined && !this.#runs.has(key))
      return this.#repairKept(key, ref, findings, held);
    const run = this.#runs.get(key) ?? this.#start(key, ref);
    if (repair) {
      run.repaired ??= run.hashed.then((hashed) =>
        this.#repair(hashed, run.ref, repoOf(hashed, run.ref, held)),
      );
      return run.repaired;
    }
    return run.repaired ?? run.hashed.then(plainAnswer);
  }

  /**
   * A repair from the findings of verification `findings`: when they are the model's last, younger than
   * VERIFY_FINDINGS_KEPT_MS, and its files not intact are as they were then (nothing deleted, replaced or written
   * since), what they name is deleted and fetched again without hashing the model a second time; else it is
   * verified again first, as a repair without `findings` is.
   */
  async #repairKept(
    key: string,
    ref: ModelToDeleteRef,
    findings: string,
    held: RepoRef | undefined,
  ): Promise<ModelVerification> {
    const kept = this.#kept.get(key);
    const now = (this.#options.now ?? Date.now)();
    if (kept?.hashed.id !== findings || now - kept.endedMs > VERIFY_FINDINGS_KEPT_MS)
      return this.verify(ref, true, undefined, held);
    if (kept.repaired === undefined) {
      const { found, problems } = kept.hashed;
      const unchanged = (await notIntactState(found.place, problems)) === kept.state;
      // Checked again after the wait: another request may have repaired from them, or started a run, meanwhile.
      if (kept.repaired === undefined) {
        if (!unchanged || this.#runs.has(key)) return this.verify(ref, true, undefined, held);
        // Refused (a repo other than the marker's) for this request alone: a later one may name the right repo.
        const repo = repoOf(kept.hashed, kept.ref, held);
        kept.repaired = this.#repair(kept.hashed, kept.ref, repo).then((result) => {
          this.#publishRepair(kept.run, result);
          return result;
        });
      }
    }
    return kept.repaired;
  }

  /** The verifications hashing now, as last published (for a client that connects meanwhile). */
  running(): VerificationProgress[] {
    return [...this.#runs.values()].flatMap((run) => (run.progress ? [run.progress] : []));
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every run (the server closes): their requests are answered ABORTED. */
  close(): void {
    this.#controller.abort();
  }

  #start(key: string, ref: ModelToDeleteRef): Run {
    // `hashed` is the run's own hashing, which publishes through the run: set once the run exists.
    const run: Run = { id: randomUUID(), ref, progress: undefined, hashed: undefined!, repaired: undefined };
    run.hashed = this.#hash(key, run);
    this.#runs.set(key, run);
    void this.#settle(key, run);
    return run;
  }

  async #hash(key: string, run: Run): Promise<Hashed> {
    const { ref } = run;
    const { modelsDir, hubCacheDir } = this.#options;
    const found =
      'localFolder' in ref
        ? await localDirPlace(realFolderInModelsDir(modelsDir, ref.localFolder))
        : await cachedRepoPlace(hubCacheDir, { repoId: ref.repoId, repoType: ref.repoType });
    const tracker = this.#tracker(key, run, found);
    const hash = this.#options.hash ?? verifyItems;
    const verdicts = await hash(found.targets.items, {
      signal: this.#controller.signal,
      onBytes: tracker.bytes,
      onVerdict: tracker.verdict,
    });
    const label = 'localFolder' in ref ? ref.localFolder : ref.repoId;
    const place = { ...found, label, verdicts };
    return { id: run.id, found, place, problems: problemsOf(place) };
  }

  /** Counts what is hashed and publishes it, at once, then at most once per interval. */
  #tracker(key: string, run: Run, found: PlaceToVerify) {
    const now = this.#options.now ?? Date.now;
    const intervalMs = this.#options.progressIntervalMs ?? VERIFY_PROGRESS_INTERVAL_MS;
    const meter = new SpeedMeter();
    const startedMs = now();
    meter.startAt(startedMs);
    const totalBytes = checkedBytes(found);
    const totalFiles = placeCounts(found).files;
    let publishedMs = startedMs;
    let readMs = startedMs;
    let hashedBytes = 0;
    // The missing files' verdict is known from the scan.
    let doneFiles = found.targets.missing.length;
    const publish = (at: number) => {
      publishedMs = at;
      const reading = meter.reading(at);
      this.#publish(run, {
        id: run.id,
        key,
        model: run.ref,
        state: 'running',
        startedAt: new Date(startedMs).toISOString(),
        hashedBytes,
        totalBytes,
        doneFiles,
        totalFiles,
        bytesPerSecond: reading.bytesPerSecond,
        etaSeconds: etaSeconds(totalBytes - hashedBytes, reading),
        quietMs: at - readMs,
        result: null,
        error: null,
      });
    };
    const maybePublish = () => {
      const at = now();
      if (at - publishedMs >= intervalMs) publish(at);
    };
    publish(startedMs);
    // Bytes read or not (a disk that stopped answering), an event at least this often until the run ends.
    const heartbeatMs = this.#options.heartbeatMs ?? VERIFY_HEARTBEAT_MS;
    const heartbeat = setInterval(() => {
      const at = now();
      if (at - publishedMs >= heartbeatMs) publish(at);
    }, heartbeatMs);
    heartbeat.unref();
    void run.hashed.finally(() => clearInterval(heartbeat)).catch(() => {});
    return {
      bytes: (bytes: number) => {
        hashedBytes += bytes;
        readMs = now();
        meter.add(bytes, readMs);
        maybePublish();
      },
      verdict: (item: { names: readonly unknown[] }) => {
        doneFiles += item.names.length;
        maybePublish();
      },
    };
  }

  /** Deletes what `hashed` found not intact and queues its downloads (IN_USE while a download writes there). */
  async #repair(
    hashed: Hashed,
    ref: ModelToDeleteRef,
    repo: RepoRef | undefined,
  ): Promise<ModelVerification> {
    const { found, place, problems } = hashed;
    const { place: where } = found;
    const label = place.label;
    const repairs = repairDownloads(problems);
    const jobIds: string[] = [];
    if (repairs.length > 0 && repo !== undefined) {
      await removeNotIntact(label, where, problems);
      for (const { commit, paths } of repairs) {
        const { job } = await this.#options.jobs.create(
          {
            repoId: repo.repoId,
            repoType: repo.repoType,
            revision: commit,
            name: repairJobName(label, paths),
            // Each path as itself, not a pattern (`w[1].bin` as a glob matches `w1.bin`, not itself).
            include: paths.map(exactPathPattern),
            ...('localFolder' in ref && { localDir: ref.localFolder }),
          },
          { repair: true },
        );
        jobIds.push(job.id);
      }
    }
    // `repaired` is the CLI's, after its download; here the jobs fetch and verify what was deleted.
    return { id: hashed.id, ...placeJson(place, problems, null), repaired: null, jobs: jobIds };
  }

  /** Once hashed (and repaired, when asked meanwhile): the run ends, and its end is published. */
  async #settle(key: string, run: Run): Promise<void> {
    let result: ModelVerification | null = null;
    let error: VerificationProgress['error'] = null;
    try {
      const hashed = await run.hashed;
      result = run.repaired ? await run.repaired : plainAnswer(hashed);
      await this.#keep(key, run, hashed);
    } catch (thrown) {
      error = {
        code: thrown instanceof HubgetError ? thrown.code : 'INTERNAL',
        message: (thrown as Error).message,
      };
    }
    this.#runs.delete(key);
    const last = run.progress;
    if (last === undefined) return;
    this.#publish(run, {
      ...last,
      state: error ? 'failed' : 'done',
      ...(result && { hashedBytes: last.totalBytes, doneFiles: last.totalFiles }),
      bytesPerSecond: 0,
      etaSeconds: result ? 0 : null,
      quietMs: 0,
      result,
      error,
    });
  }

  /** Keeps a plain run's findings of files not intact for a repair naming it; any other end drops the model's last. */
  async #keep(key: string, run: Run, hashed: Hashed): Promise<void> {
    this.#kept.delete(key);
    if (run.repaired !== undefined || !hashed.problems.some(isBad)) return;
    const state = await notIntactState(hashed.found.place, hashed.problems);
    const endedMs = (this.#options.now ?? Date.now)();
    // A repair that joined the run meanwhile acts on these findings itself.
    if (run.repaired === undefined)
      this.#kept.set(key, { hashed, run, ref: run.ref, endedMs, state, repaired: undefined });
  }

  /**
   * A repair from a run's findings, once it queued its jobs: the run's end told again with the repair's answer, so that
   * every client learns what was deleted and is fetched again (the web UI's repo page reads the model again), as it
   * does of a repair that joined the run.
   */
  #publishRepair(run: Run, result: ModelVerification): void {
    if (run.progress?.state === 'done') this.#publish(run, { ...run.progress, result });
  }

  #publish(run: Run, progress: VerificationProgress): void {
    run.progress = progress;
    for (const listener of this.#listeners) listener(progress);
  }
}

function plainAnswer({ id, place, problems }: Hashed): ModelVerification {
  return { id, ...placeJson(place, problems, null), repaired: null, jobs: [] };
}
