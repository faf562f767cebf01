/**
 * The download step of a job, injected so the service can be driven by a fake in tests. The default
 * (`default-job-runner.ts`) is the transfer room's snapshot orchestration.
 */
import type { DownloadAccess, DownloadAccessParams } from '../hub/download-access.js';
import type { PlanOptions } from '../transfer/plan-download.js';
import type { DownloadOptions, DownloadPlan, DownloadRequest, DownloadResult } from '../transfer/types.js';

export interface JobRunner {
  /**
   * Lists the snapshot and checks what is present (no bytes fetched); `otherFiles`: the listing's other files too
   * (DownloadPlan.otherFiles, the preview's).
   */
  plan(request: DownloadRequest, options?: PlanOptions): Promise<DownloadPlan>;
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
   * Whether the Hub lets the token in effect download the request's repo at its revision (src/hub/
   * download-access.ts): throws the Hub's answer when the repo or revision is not there for this token, or
   * when the Hub cannot be asked. `probePath`: the file the gated check names (a planned one); `keep`: the
   * download's patterns, whether they keep a file (POST /api/downloads); `revisionInfo`: the commit and gating
   * the plan read (the preview), not asked again; `withSize`: also the size of what the download takes, when
   * the answers tell it (POST /api/downloads: the queued job shows it). Optional: without it, the preview
   * reports gated only from errors and POST /api/downloads queues unchecked.
   */
  access?(
    request: DownloadRequest,
    options?: Pick<DownloadAccessParams, 'probePath' | 'keep' | 'revisionInfo' | 'withSize' | 'signal'>,
  ): Promise<DownloadAccess>;
}
