/** The real download step: the transfer room's snapshot orchestration (src/transfer). */

import { getRepoInfo } from '../hub/resolve-snapshot.js';
import type { RetryPolicy } from '../hub/retry-policy.js';
import { downloadModel } from '../transfer/download-model.js';
import { planDownload } from '../transfer/plan-download.js';
import { removeTempFiles } from '../transfer/remove-partial-files.js';
import type { JobRunner } from './job-runner.js';

export interface DefaultJobRunnerOptions {
  /**
   * Fields of the retry policy to override for the runs' range requests and Hub calls (tests shorten its
   * backoff); the rest, and all of it without this, is DEFAULT_RETRY_POLICY (src/hub/retry-policy.ts).
   */
  retryPolicy?: Partial<RetryPolicy>;
}

export function createDefaultJobRunner(options: DefaultJobRunnerOptions = {}): JobRunner {
  const { retryPolicy } = options;
  return {
    plan: planDownload,
    download: (request, downloadOptions) =>
      downloadModel(
        request,
        retryPolicy === undefined
          ? downloadOptions
          : { ...downloadOptions, transfer: { retryPolicy }, hubCall: { retry: retryPolicy } },
      ),
    removeTempFiles,
    async isGated(request) {
      const info = await getRepoInfo({
        hub: request.hub,
        repo: request.repo,
        revision: request.revision ?? 'main',
      });
      return info.gated !== false;
    },
  };
}
