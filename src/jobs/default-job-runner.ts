/** The real download step: the transfer room's snapshot orchestration (src/transfer). */

import { gatedAccessDenied } from '../hub/gated-access.js';
import { getRepoInfo } from '../hub/resolve-snapshot.js';
import { type RetryPolicy, SERVER_JOB_RETRY_POLICY } from '../hub/retry-policy.js';
import { downloadModel } from '../transfer/download-model.js';
import { planDownload } from '../transfer/plan-download.js';
import { removeTempFiles } from '../transfer/remove-partial-files.js';
import type { JobRunner } from './job-runner.js';

export interface DefaultJobRunnerOptions {
  /**
   * Fields of the retry policy to override for the runs' range requests and Hub calls (tests shorten its
   * backoff); the rest is SERVER_JOB_RETRY_POLICY over DEFAULT_RETRY_POLICY (src/hub/retry-policy.ts).
   */
  retryPolicy?: Partial<RetryPolicy>;
}

export function createDefaultJobRunner(options: DefaultJobRunnerOptions = {}): JobRunner {
  // A job rides out an outage of a few minutes (SERVER_JOB_RETRY_POLICY) unless the caller says otherwise.
  const transferPolicy = { ...SERVER_JOB_RETRY_POLICY, ...options.retryPolicy };
  const hubCall = options.retryPolicy === undefined ? {} : { hubCall: { retry: options.retryPolicy } };
  return {
    plan: planDownload,
    download: (request, downloadOptions) =>
      downloadModel(request, { ...downloadOptions, transfer: { retryPolicy: transferPolicy }, ...hubCall }),
    removeTempFiles,
    async isGated(request) {
      const info = await getRepoInfo({
        hub: request.hub,
        repo: request.repo,
        revision: request.revision ?? 'main',
      });
      return info.gated !== false;
    },
    async accessDenied(request, plan) {
      const file = plan.files[0];
      return file ? gatedAccessDenied(request.hub, request.repo, plan.commit, file.path) : false;
    },
  };
}
