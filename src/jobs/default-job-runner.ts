/** The real download step: the transfer room's snapshot orchestration (src/transfer). */

import { getDownloadAccess } from '../hub/download-access.js';
import { hubNow, type RetryOptions } from '../hub/hub-request.js';
import type { RequestQuota } from '../hub/request-quota.js';
import {
  INTERACTIVE_RETRY_POLICY,
  type RetryPolicy,
  retryLimit,
  retryPolicy,
  SERVER_JOB_RETRY_POLICY,
  unreachableOf,
} from '../hub/retry-policy.js';
import { safeEmitter } from '../progress/safe-emitter.js';
import { downloadModel } from '../transfer/download-model.js';
import { hostRateLimitQuota } from '../transfer/host-rate-limit.js';
import { planDownload } from '../transfer/plan-download.js';
import { removeTempFiles } from '../transfer/remove-partial-files.js';
import { liveHub, retryErrorInfo } from '../transfer/run-context.js';
import type { DownloadOptions } from '../transfer/types.js';
import type { JobRunner } from './job-runner.js';

/**
 * The access check is asked while a client waits (a preview, POST /api/downloads): the interactive policy
 * (one quick retry when the Hub does not answer), and one quick retry of an answer too, with no longer wait
 * for a rate limit, rather than the minutes a job rides out. The jobs themselves retry as usual.
 */
const ACCESS_RETRY = { ...INTERACTIVE_RETRY_POLICY, maxConsecutiveFailures: 2 } as const;

export interface DefaultJobRunnerOptions {
  /**
   * Fields of the retry policy to override for the runs' range requests and Hub calls (tests shorten its
   * backoff); the rest is SERVER_JOB_RETRY_POLICY over DEFAULT_RETRY_POLICY (src/hub/retry-policy.ts).
   */
  retryPolicy?: Partial<RetryPolicy>;
  /**
   * A mirror's remembered `429` waits (src/mirror/rate-limit-quota.ts), for every request to the Hub: the calls a
   * person waits on (the preview's plan and the access check) are refused while theirs lasts, and a job's own (its
   * listing, its files' range requests) wait it out, as they would the `429` itself, saying so in their `retry`
   * events (the job's `retrying`). Default none.
   */
  quota?: RequestQuota;
}

export function createDefaultJobRunner(options: DefaultJobRunnerOptions = {}): JobRunner {
  // A job rides out an outage of a few minutes (SERVER_JOB_RETRY_POLICY) unless the caller says otherwise:
  // its range requests and its Hub calls alike (the listing before its first byte, on a restart's resume too).
  const jobPolicy = { ...SERVER_JOB_RETRY_POLICY, ...options.retryPolicy };
  // The preview's and the access check's Hub calls are held by the process's `429` waits of their quota and tell
  // them their own (src/transfer/host-rate-limit.ts), under the policy they retry by, as a job's are (downloadModel).
  const quota = (policy: Partial<RetryPolicy>) => ({ quota: hostRateLimitQuota(policy, options.quota) });
  return {
    // The preview's plan (a person waits on it) and an old job's cancel: the interactive policy, quick to give
    // up (the default's 5 tries of a Hub that is down kept the download form waiting 9–11 s).
    plan: (request, planOptions) =>
      planDownload(request, {
        ...planOptions,
        retry: { ...options.retryPolicy, ...INTERACTIVE_RETRY_POLICY },
        ...quota({ ...options.retryPolicy, ...INTERACTIVE_RETRY_POLICY }),
      }),
    download: (request, downloadOptions) => {
      const { quota: jobQuota } = options;
      // The run's settings at each request (a running job follows a changed endpoint or token: liveHub).
      const hub = liveHub(request, downloadOptions);
      return downloadModel(request, {
        ...downloadOptions,
        transfer: {
          retryPolicy: jobPolicy,
          ...(jobQuota && { requestGate: { check: (url: string) => jobQuota.check(url, hubNow(hub)) } }),
        },
        hubCall: {
          retry: { ...jobPolicy, onRetry: sayHubCallRetry(downloadOptions, retryPolicy(jobPolicy)) },
          // downloadModel holds them by the process's `429` waits too (hostRateLimitQuota over this one).
          ...(jobQuota && { quota: jobQuota }),
        },
      });
    },
    removeTempFiles,
    // The preview's and POST /api/downloads' access check: a person waits on it (ACCESS_RETRY).
    access: (request, accessOptions = {}) =>
      getDownloadAccess({
        hub: request.hub,
        repo: request.repo,
        revision: request.revision ?? 'main',
        ...accessOptions,
        retry: { ...options.retryPolicy, ...ACCESS_RETRY },
        ...quota({ ...options.retryPolicy, ...ACCESS_RETRY }),
      }),
  };
}

/**
 * A retried Hub call of the run (its listing) told as a range request's retry is, a `retry` event with no
 * file (`path` ''): the job shows it as `retrying` (what failed, which try) instead of looking stuck.
 */
function sayHubCallRetry({ onEvent }: DownloadOptions, policy: RetryPolicy): RetryOptions['onRetry'] {
  const emit = safeEmitter(onEvent);
  return ({ attempt, delayMs, error, lastTry, held }) =>
    emit({
      type: 'retry',
      path: '',
      attempt,
      delayMs,
      error: retryErrorInfo(error),
      ...unreachableOf(error),
      limit: retryLimit(error, policy),
      ...(lastTry && { lastTry: true }),
      ...(held && { held }),
    });
}
