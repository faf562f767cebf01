/**
 * Where the CLI's Hub token comes from, added to the error line of a refusal a token may cure. The Hub
 * client's messages name no flag or setting (src/hub/hub-errors.ts: the web UI points to its Settings);
 * `details.tokenSent` says whether one went with the refused request.
 */
import type { HubgetError } from '../errors.js';

const PASS_ONE = 'pass a token with --token or HF_TOKEN';
const WHERE_FROM = 'the token came from --token, HF_TOKEN, HUGGING_FACE_HUB_TOKEN or $HF_HOME/token';

export function tokenHint(error: HubgetError): string | undefined {
  const sent = error.details?.tokenSent === true;
  switch (error.code) {
    case 'GATED_REPO':
      return sent ? (error.status === 401 ? WHERE_FROM : undefined) : PASS_ONE;
    case 'REPO_NOT_FOUND':
      return sent ? undefined : PASS_ONE;
    case 'UNAUTHORIZED':
      return WHERE_FROM;
    default:
      return undefined;
  }
}
