/**
 * The response schemas of a running job's retries (JobView.retrying's limit, JobView.waits): beside
 * response-schemas.ts, in step with api-types.ts.
 */

/** RetryLimit (src/hub/retry-policy.ts): a time without progress, or a count of failures; null if not known. */
export const retryLimitSchema = {
  anyOf: [
    { type: 'null' },
    { type: 'object', required: ['forMs'], properties: { forMs: { type: 'integer' } } },
    { type: 'object', required: ['failures'], properties: { failures: { type: 'integer' } } },
  ],
} as const;

/** RetryWaitView: one request's wait before its next try after the Hub answered 408, 429 or 5xx. */
export const retryWaitsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'status', 'code', 'message', 'leftMs', 'askedLeftMs', 'attempt', 'limit', 'lastTry'],
    properties: {
      path: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string' },
      message: { type: 'string' },
      leftMs: { type: 'integer', minimum: 0 },
      askedLeftMs: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 0 }] },
      // 0: no try failed, another request's 429 holds this one (src/transfer/host-rate-limit.ts).
      attempt: { type: 'integer', minimum: 0 },
      limit: retryLimitSchema,
      lastTry: { type: 'boolean' },
    },
  },
} as const;
