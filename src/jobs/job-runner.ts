/**
 * The download step of a job, injected so the service can be driven by a fake in tests. The default
 * (`default-job-runner.ts`) is the transfer room's snapshot orchestration.
 */
import type { DownloadOptions, DownloadPlan, DownloadRequest, DownloadResult } from '../transfer/types.js';

export interface JobRunner {
  /** Lists the snapshot and checks what is present (no bytes fetched). */
  plan(request: DownloadRequest): Promise<DownloadPlan>;
  /**
   * Fetches what is missing; resolves only when every file is committed. Must stop all traffic promptly
   * when `options.signal` aborts, keeping temp files and resume maps (pause = abort).
   */
  download(request: DownloadRequest, options: DownloadOptions): Promise<DownloadResult>;
  /**
   * Deletes the temp files and resume maps under these prefixes (cancel; `tempPrefixesOf(plan)`, stored
   * when the run started). Finished files stay. No Hub call.
   */
  removeTempFiles(tempPrefixes: readonly string[]): Promise<void>;
  /**
   * Whether the repo is gated. Its listing is public (docs/hub-protocol.md §1.7: only /resolve/ answers
   * GatedRepo), so a successful plan does not tell. Optional: without it, preview reports gated only from errors.
   */
  isGated?(request: DownloadRequest): Promise<boolean>;
  /**
   * For a gated repo with a token: whether the Hub refuses this token its files (one HEAD of a planned file,
   * src/hub/gated-access.ts). Optional: without it, a token is taken to give access.
   */
  accessDenied?(request: DownloadRequest, plan: DownloadPlan): Promise<boolean>;
}
