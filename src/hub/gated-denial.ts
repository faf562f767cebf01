/**
 * Why `/resolve/` refuses a gated repo's files (docs/hub-protocol.md §1.7): 401 GatedRepo without a token,
 * 401 with a token it does not accept (invalid, expired), 403 with a valid token whose account has not been
 * granted access. The one rule that tells the three apart, for every message about it: the Hub client's
 * GATED_REPO (hub-errors.ts, the CLI's line) and the CLI's token hint (src/cli/token-hint.ts), the server's
 * refusal (src/jobs/download-refusal.ts) and the model page's `accessDenial` (repo-details.ts), which the
 * web UI words (web/src/components/hub/gated-note.tsx). Pure: no node imports (the web UI imports it).
 */

/** No token was sent; the token sent was not accepted; the token's account has no access. */
export type GatedDenial = 'no-token' | 'token-rejected' | 'no-access';

/** The case of a GatedRepo answer with this HTTP status, by whether a token went with the request. */
export function gatedDenial(status: number, tokenSent: boolean): GatedDenial {
  if (!tokenSent) return 'no-token';
  return status === 403 ? 'no-access' : 'token-rejected';
}

/**
 * The case of a GATED_REPO error built from the Hub's answer (hub-errors.ts: its `status` and
 * `details.tokenSent`); undefined for one that does not say whether a token went (the mirror's, a test's).
 */
export function gatedDenialOf(error: {
  status?: number | undefined;
  details?: Record<string, unknown> | undefined;
}): GatedDenial | undefined {
  const sent = error.details?.tokenSent;
  if (typeof sent !== 'boolean' || error.status === undefined) return undefined;
  return gatedDenial(error.status, sent);
}
