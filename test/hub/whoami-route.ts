/**
 * `GET /api/whoami-v2` (docs/hub-downloaders.md §4): a valid token belongs to the test account, any other
 * answer is the Hub's 401 "Invalid credentials in Authorization header" (no X-Error-Code), also without a token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authState, type HubContext, preflight, sendError, sendJson } from './hub-context.js';

/** What the test hub says a valid token belongs to (the shape of huggingface.co's answer, trimmed). */
export const TEST_ACCOUNT = {
  type: 'user',
  id: '0123456789abcdef01234567',
  name: 'test-user',
  fullname: 'Test User',
  orgs: [],
  auth: { type: 'access_token', accessToken: { displayName: 'hubget-test', role: 'read' } },
} as const;

export async function handleWhoAmI(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (await preflight(ctx, res, 'api', undefined, undefined)) return;
  if (authState(req, ctx) !== 'valid') {
    return sendError(res, 401, undefined, 'Invalid credentials in Authorization header');
  }
  sendJson(res, TEST_ACCOUNT);
}
