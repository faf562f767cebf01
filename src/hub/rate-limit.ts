/**
 * The IETF RateLimit header as the Hub sends it: `"resolvers";r=<remaining>;t=<seconds to reset>`
 * (docs/hub-protocol.md §1.6, §1.8). Only an exhausted quota (r=0) asks the client to wait: t seconds, plus 1 s
 * as huggingface_hub adds. Used by the Hub API retry policy and by the transfer's per-range retries.
 */
export function parseRateLimitReset(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const remaining = /(?:^|[;,\s])r=(\d+)/.exec(value);
  const reset = /(?:^|[;,\s])t=(\d+)/.exec(value);
  if (!remaining || !reset || Number(remaining[1]) !== 0) return undefined;
  return (Number(reset[1]) + 1) * 1000;
}
