/**
 * The mirror's remembered `429` waits (src/hub/rate-limit-windows.ts) as the Hub client's RequestQuota
 * (src/hub/request-quota.ts), for the server's own Hub calls that ask the mirror's upstream with its token: the web UI's search and model pages
 * (src/server/hub-browser.ts), the download preview's plan and access check, and the download jobs' own requests
 * (src/jobs/default-job-runner.ts). A request to a URL whose bucket (rateLimitBucketOfUrl) waits for that token is
 * refused with what is left of the wait, as the mirror's own calls are (a job's retries wait that out), and a `429`
 * one of them gets starts the wait of that bucket and token, which the mirror's own calls and pulls then respect too
 * (docs/mirror.md, "Pull-through, once"). The scope of a request is the shared rule (rateLimitScopeOf), which the
 * downloads' own gate follows too (src/transfer/host-rate-limit.ts).
 */
import type { RequestQuota } from '../hub/index.js';
import type { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { rememberedRateLimitError } from './mirror-errors.js';

export function rateLimitQuota(windows: RateLimitWindows): RequestQuota {
  return {
    check: (url, hub) => {
      const leftMs = windows.leftMsOf(url, hub);
      if (leftMs !== undefined) throw rememberedRateLimitError(leftMs);
    },
    limited: (url, hub, waitMs) => windows.noteOf(url, hub, waitMs),
  };
}
