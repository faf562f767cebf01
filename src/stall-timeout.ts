/**
 * The stall timeout's one rule (the server's `stallTimeoutMs` setting, the web form's seconds field and the
 * CLI's `--stall-timeout`): a whole number of seconds from MIN_STALL_TIMEOUT_MS to MAX_STALL_TIMEOUT_MS
 * (5 s to 1 h). Below 5 s every pause of a healthy server cuts the connection; fractions of a second say
 * nothing a watchdog that checks once a second could keep.
 */
import { MAX_STALL_TIMEOUT_MS, MIN_STALL_TIMEOUT_MS } from './defaults.js';

export const MIN_STALL_TIMEOUT_SECONDS = MIN_STALL_TIMEOUT_MS / 1000;
export const MAX_STALL_TIMEOUT_SECONDS = MAX_STALL_TIMEOUT_MS / 1000;

/** "a whole number of seconds from 5 to 3600": the range, worded once for every message that states it. */
export const STALL_TIMEOUT_RANGE = `a whole number of seconds from ${MIN_STALL_TIMEOUT_SECONDS} to ${MAX_STALL_TIMEOUT_SECONDS}`;

/** The timeout in milliseconds for `seconds` when it keeps the rule, else null (2.5, 1, 0, NaN). */
export function stallTimeoutMsOfSeconds(seconds: number): number | null {
  if (!Number.isInteger(seconds)) return null;
  if (seconds < MIN_STALL_TIMEOUT_SECONDS || seconds > MAX_STALL_TIMEOUT_SECONDS) return null;
  return seconds * 1000;
}

/** Whether `value` (milliseconds, the setting's unit) keeps the rule: whole seconds within the range. */
export function isStallTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && value % 1000 === 0 && stallTimeoutMsOfSeconds(value / 1000) !== null;
}

/**
 * A stored value written before the rule (1000, 2500 ms): the nearest whole second within the range, so a
 * short timeout someone chose stays as short as allowed rather than falling back to the 30 s default.
 * Null for what is no number at all (the default stands).
 */
export function storedStallTimeoutMs(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const seconds = Math.round(value / 1000);
  return Math.min(MAX_STALL_TIMEOUT_SECONDS, Math.max(MIN_STALL_TIMEOUT_SECONDS, seconds)) * 1000;
}
