/**
 * A verification that reads nothing, said once it is noticeable: the server counts the milliseconds without a byte
 * read (`quietMs`, an event at least every second while it hashes: docs/api-hub-system.md), so a disk that stopped
 * answering (a network mount gone, a failing drive) shows as such, where the bar kept its last speed and time left.
 */
import type { VerificationProgress } from '../../../src/api-verify-types.js';
import { VERIFY_QUIET_WORTH_SAYING_MS } from '../../../src/defaults.js';
import { formatDuration } from './units.js';

/** `Nothing read for 25 s — the disk is busy or not answering`, or null. */
export function verifyQuietWarning(progress: Pick<VerificationProgress, 'state' | 'quietMs'>): string | null {
  if (progress.state !== 'running' || progress.quietMs < VERIFY_QUIET_WORTH_SAYING_MS) return null;
  return `Nothing read for ${formatDuration(Math.floor(progress.quietMs / 1000))} — the disk is busy or not answering`;
}
