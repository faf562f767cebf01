/**
 * A running verification that reads nothing, in the web UI's words: the one rule (src/format/verify-quiet.ts) and
 * what it may mean. The server's events count the quiet (`quietMs`, an event at least every second while it hashes:
 * docs/api-hub-system.md).
 */
import type { VerificationProgress } from '../../../src/api-verify-types.js';
import { nothingReadFor } from '../../../src/format/verify-quiet.js';

/** `Nothing read for 25 s — the disk is busy or not answering`, or null. */
export function verifyQuietWarning(progress: Pick<VerificationProgress, 'state' | 'quietMs'>): string | null {
  const quiet = progress.state === 'running' ? nothingReadFor(progress.quietMs) : null;
  return quiet === null ? null : `${quiet} — the disk is busy or not answering`;
}
