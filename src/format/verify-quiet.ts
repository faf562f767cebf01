/**
 * A verification that reads nothing, said once it is noticeable (VERIFY_QUIET_WORTH_SAYING_MS): a disk that stopped
 * answering (a network mount gone, a failing drive) shows as such, where a bar kept its last speed and time left. The
 * server's events count the quiet (`quietMs`, docs/api-hub-system.md) for the web UI (web/src/format/verify-quiet.ts);
 * `hubget verify`'s bar counts its own (src/cli/verify-bar.ts). Pure: the web UI bundles it.
 */
import { VERIFY_QUIET_WORTH_SAYING_MS } from '../defaults.js';
import { formatDuration } from './units.js';

/** `Nothing read for 25 s`, or null while the quiet is shorter than worth saying. */
export function nothingReadFor(quietMs: number): string | null {
  if (quietMs < VERIFY_QUIET_WORTH_SAYING_MS) return null;
  return `Nothing read for ${formatDuration(Math.floor(quietMs / 1000))}`;
}
