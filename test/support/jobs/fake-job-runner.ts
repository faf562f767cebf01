/**
 * A JobRunner for tests of the jobs service: each download announces its plan, then waits for the test to
 * feed bytes, stall, fail or finish it — or for its signal to abort, exactly as the real engine must.
 * Finishing writes the planned files with their sizes and runs the engine's real last step (finish-download.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HubgetError } from '../../../src/errors.js';
import type { JobRunner } from '../../../src/jobs/job-runner.js';
import { etaSeconds } from '../../../src/progress/eta.js';
import type { TransferEvent } from '../../../src/progress/events.js';
import { finishDownload } from '../../../src/transfer/finish-download.js';
import { expectedContentOf, tempPrefixOf } from '../../../src/transfer/plan-download.js';
import { resumableBytes } from '../../../src/transfer/resumable-bytes.js';
import type {
  DownloadOptions,
  DownloadPlan,
  DownloadRequest,
  DownloadResult,
  PlannedFile,
} from '../../../src/transfer/types.js';

export interface FakeFile {
  path: string;
  size: number;
}

export interface FakeDownload {
  request: DownloadRequest;
  options: DownloadOptions;
  plan: DownloadPlan;
  /**
   * Emits a progress event with `downloaded` bytes so far (present + fetched) and the engine's speed;
   * `otherRunBytes` of them another download fetched (files the run waited for, in place).
   */
  progress(downloaded: number, bytesPerSecond?: number, otherRunBytes?: number): void;
  emit(event: TransferEvent): void;
  /** Writes the files and resolves. `skipFiles` leaves those paths missing on disk. */
  /** `downloadedBytes`: what the run says it fetched itself (default: all of the plan). */
  finish(skipFiles?: string[], downloadedBytes?: number): Promise<void>;
  fail(error: HubgetError): void;
}

export class FakeJobRunner implements JobRunner {
  readonly root: string;
  readonly filesByRepo = new Map<string, FakeFile[]>();
  /** Downloads in flight, by repo id. */
  readonly active = new Map<string, FakeDownload>();
  maxConcurrent = 0;
  readonly started: string[] = [];
  readonly removedPartials: string[] = [];
  /** When set, plan() and download() reject with it (per repo id). */
  readonly planErrors = new Map<string, HubgetError>();
  /**
   * When set, download() rejects with it (per repo id) after its plan and before the `plan` event, as the
   * engine's free-space preflight does (DISK_FULL).
   */
  readonly afterPlanErrors = new Map<string, HubgetError>();
  /**
   * When set, an aborted download lets go only once it resolves (per repo id), as the real engine lets go only
   * once its connections and file writes have ended.
   */
  readonly abortHolds = new Map<string, Promise<void>>();
  /** Bytes of a repo already fetched by earlier runs (what a resume map would hold). */
  readonly fetchedBefore = new Map<string, number>();

  constructor(root: string) {
    this.root = root;
  }

  filesOf(repoId: string): FakeFile[] {
    return (
      this.filesByRepo.get(repoId) ?? [
        { path: 'config.json', size: 10 },
        { path: 'model.safetensors', size: 1000 },
      ]
    );
  }

  /** Calls of plan() (a listing of the repo on the Hub, for the real runner). */
  plans = 0;

  async plan(request: DownloadRequest): Promise<DownloadPlan> {
    this.plans += 1;
    return this.#buildPlan(request);
  }

  async #buildPlan(request: DownloadRequest): Promise<DownloadPlan> {
    const error = this.planErrors.get(request.repo.repoId);
    if (error) throw error;
    const destinationRoot =
      request.localDir ?? join(this.root, 'cache', request.repo.repoId.replace('/', '--'));
    const destination: DownloadPlan['destination'] = request.localDir
      ? { kind: 'local', localDir: request.localDir }
      : {
          kind: 'cache',
          cacheDir: join(this.root, 'cache'),
          repoFolder: request.repo.repoId.replace('/', '--'),
        };
    const files: PlannedFile[] = [];
    for (const file of this.filesOf(request.repo.repoId)) {
      const planned: PlannedFile = {
        path: file.path,
        size: file.size,
        blobId: 'b'.repeat(40),
        algorithm: 'git-sha1' as const,
        finalPath: join(destinationRoot, file.path),
        present: false,
        partialBytes: 0,
      };
      // What a temp file a test left (with its resume map) holds, as the engine's plan reads it.
      planned.partialBytes = await resumableBytes(
        tempPrefixOf({ destination }, planned),
        expectedContentOf(planned),
      );
      files.push(planned);
    }
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    return {
      request,
      revision: request.revision ?? 'main',
      commit: 'c'.repeat(40),
      destination,
      files,
      totalBytes,
      presentBytes: 0,
      copiedBytes: 0,
      linkedBytes: 0,
      bytesToFetch: totalBytes,
      resultPath: destinationRoot,
    };
  }

  async download(request: DownloadRequest, options: DownloadOptions): Promise<DownloadResult> {
    const plan = await this.#buildPlan(request);
    const repoId = request.repo.repoId;
    if (this.active.has(repoId)) throw new Error(`fake runner: ${repoId} downloaded twice at once`);
    this.started.push(repoId);
    const startedAt = Date.now();
    const emit = (event: TransferEvent) => options.onEvent?.(event);
    options.onPlan?.(plan);
    const refusal = this.afterPlanErrors.get(repoId);
    if (refusal) throw refusal;
    emit({
      type: 'plan',
      repoId,
      commit: plan.commit,
      totalBytes: plan.totalBytes,
      presentBytes: 0,
      filesTotal: plan.files.length,
      filesPresent: 0,
      files: plan.files.map((file) => ({ path: file.path, size: file.size, present: false })),
    });
    return new Promise<DownloadResult>((resolve, reject) => {
      const cleanup = () => {
        this.active.delete(repoId);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        void (this.abortHolds.get(repoId) ?? Promise.resolve()).then(() => {
          cleanup();
          reject(new HubgetError('ABORTED', 'The operation was aborted'));
        });
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const download: FakeDownload = {
        request,
        options,
        plan,
        emit,
        progress: (downloaded, bytesPerSecond = 0, otherRunBytes = 0) => {
          this.fetchedBefore.set(repoId, downloaded);
          emit({
            type: 'progress',
            downloaded,
            total: plan.totalBytes,
            bytesPerSecond,
            // A rate the fake engine measured over a full speed window.
            etaSeconds: etaSeconds(plan.totalBytes - downloaded, { bytesPerSecond, sampledMs: 5000 }),
            filesDone: 0,
            filesTotal: plan.files.length,
            activeFiles: [],
            // The fake plans nothing present: every byte it reports, it or another download fetched.
            fetchedBytes: downloaded - otherRunBytes,
            otherRunBytes,
            copiedBytes: 0,
            fetchingMs: Date.now() - startedAt,
          });
        },
        finish: async (skipFiles = [], downloadedBytes = plan.totalBytes) => {
          for (const file of plan.files) {
            if (skipFiles.includes(file.path)) continue;
            await mkdir(dirname(file.finalPath), { recursive: true });
            await writeFile(file.finalPath, Buffer.alloc(file.size));
            emit({ type: 'file-done', path: file.path, size: file.size, reused: false });
          }
          cleanup();
          // The engine's own last step (size check on disk, local-dir marker), as downloadModel runs it.
          try {
            await finishDownload(plan);
          } catch (error) {
            reject(error);
            return;
          }
          const elapsedMs = Date.now() - startedAt;
          emit({
            type: 'done',
            resultPath: plan.resultPath,
            downloadedBytes,
            totalBytes: plan.totalBytes,
            elapsedMs,
            fetchingMs: elapsedMs,
          });
          resolve({
            plan,
            resultPath: plan.resultPath,
            downloadedBytes,
            copiedBytes: 0,
            elapsedMs,
          });
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      this.active.set(repoId, download);
      this.maxConcurrent = Math.max(this.maxConcurrent, this.active.size);
      if (this.fetchedBefore.has(repoId)) download.progress(this.fetchedBefore.get(repoId)!);
    });
  }

  /** Temp-file prefixes removed by cancels, in order. */
  async removeTempFiles(tempPrefixes: readonly string[]): Promise<void> {
    this.removedPartials.push(...tempPrefixes);
  }
}
