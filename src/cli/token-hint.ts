/**
 * Where the CLI's Hub token comes from, added to the error line of a refusal a token may cure. The Hub
 * client's messages name no flag or setting (src/hub/hub-errors.ts: the web UI points to its Settings);
 * `details.tokenSent` says whether one went with the refused request; for a gated repo, which of its three
 * cases the refusal is comes from the one rule of src/hub/gated-denial.ts (the server words the same cases).
 */
import type { HubgetError } from '../errors.js';
import { gatedDenialOf } from '../hub/gated-denial.js';

const PASS_ONE = 'pass a token with --token or HF_TOKEN';
const WHERE_FROM = 'the token came from --token, HF_TOKEN, HUGGING_FACE_HUB_TOKEN or $HF_HOME/token';

/** Where the rejected token came from when the request said (`details.tokenFrom`), else where it may have. */
function whereFrom(error: HubgetError): string {
  const from = error.details?.tokenFrom;
  return typeof from === 'string' ? `the token came from ${from}` : WHERE_FROM;
}

export function tokenHint(error: HubgetError): string | undefined {
  // Said only when known: an error built without a request (the mirror's, a test's) carries no tokenSent.
  const sent = error.details?.tokenSent;
  switch (error.code) {
    case 'GATED_REPO': {
      const denial = gatedDenialOf(error);
      if (denial === 'no-token') return PASS_ONE;
      return denial === 'token-rejected' ? whereFrom(error) : undefined;
    }
    case 'REPO_NOT_FOUND':
      return sent === false ? PASS_ONE : undefined;
    case 'UNAUTHORIZED':
      return whereFrom(error);
    default:
      return undefined;
  }
}
