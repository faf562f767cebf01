/** Service settings: defaults, validation of updates (INVALID_ARGUMENT with a clear message), persistence keys. */
import type { Settings, SettingsUpdate } from '../api-types.js';
import {
  DEFAULT_MAX_PARALLEL,
  DEFAULT_STALL_TIMEOUT_MS,
  MAX_BANDWIDTH_LIMIT,
  MAX_ENDPOINT_LENGTH,
  MAX_MAX_PARALLEL,
  MAX_TOKEN_LENGTH,
  MIN_MAX_PARALLEL,
} from '../defaults.js';
import { fieldError } from '../field-error.js';
import { normaliseEndpoint } from '../hub/index.js';
import { validateProgressDir } from '../progress/progress-dir.js';
import { isStallTimeoutMs, STALL_TIMEOUT_RANGE, storedStallTimeoutMs } from '../stall-timeout.js';

/** Settings kept in the store (the token is not among them: it lives in its own 0600 file). */
export type StoredSettings = Omit<Settings, 'hfTokenSet' | 'hfTokenSource'>;

export function defaultSettings(defaults: { endpoint: string; progressDir: string }): StoredSettings {
  return {
    maxParallel: DEFAULT_MAX_PARALLEL,
    bandwidthLimit: 0,
    endpoint: defaults.endpoint,
    stallTimeoutMs: DEFAULT_STALL_TIMEOUT_MS,
    progressDir: defaults.progressDir,
    defaultDestination: 'cache',
  };
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function validateBandwidthLimit(value: unknown, what = 'bandwidthLimit'): number {
  if (!isInteger(value) || value < 0 || value > MAX_BANDWIDTH_LIMIT) {
    throw fieldError(
      what,
      `must be a whole number of bytes per second from 0 (no limit) to ${MAX_BANDWIDTH_LIMIT}`,
    );
  }
  return value;
}

/** The hub room's endpoint check (normaliseEndpoint), within the setting's length limit. */
export function normalizeEndpoint(value: unknown): string {
  if (typeof value === 'string' && value.length > MAX_ENDPOINT_LENGTH) {
    throw fieldError('endpoint', `must be at most ${MAX_ENDPOINT_LENGTH} characters`);
  }
  return normaliseEndpoint(value);
}

/** The stall timeout rule (src/stall-timeout.ts) for the setting, in milliseconds. */
export function validateStallTimeoutMs(value: unknown): number {
  if (!isStallTimeoutMs(value)) {
    throw fieldError(
      'stallTimeoutMs',
      `must be ${STALL_TIMEOUT_RANGE}, given in milliseconds (30 s is 30000)`,
    );
  }
  return value;
}

/** A token is one printable word; anything else would corrupt the Authorization header. */
export function validateToken(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(value.trim())) {
    throw fieldError(
      'hfToken',
      `must be a non-empty token without spaces (at most ${MAX_TOKEN_LENGTH} characters), or null to clear it`,
    );
  }
  return value.trim();
}

/** Validates every field of the update before anything is applied, so a bad update changes nothing. */
export function applySettingsUpdate(current: StoredSettings, update: SettingsUpdate): StoredSettings {
  const next = { ...current };
  if (update.maxParallel !== undefined) {
    if (
      !isInteger(update.maxParallel) ||
      update.maxParallel < MIN_MAX_PARALLEL ||
      update.maxParallel > MAX_MAX_PARALLEL
    ) {
      throw fieldError(
        'maxParallel',
        `must be a whole number from ${MIN_MAX_PARALLEL} to ${MAX_MAX_PARALLEL}`,
      );
    }
    next.maxParallel = update.maxParallel;
  }
  if (update.bandwidthLimit !== undefined)
    next.bandwidthLimit = validateBandwidthLimit(update.bandwidthLimit);
  if (update.endpoint !== undefined) next.endpoint = normalizeEndpoint(update.endpoint);
  if (update.stallTimeoutMs !== undefined)
    next.stallTimeoutMs = validateStallTimeoutMs(update.stallTimeoutMs);
  if (update.progressDir !== undefined) next.progressDir = validateProgressDir(update.progressDir);
  if (update.defaultDestination !== undefined) {
    if (update.defaultDestination !== 'cache' && update.defaultDestination !== 'local') {
      throw fieldError('defaultDestination', 'must be "cache" or "local"');
    }
    next.defaultDestination = update.defaultDestination;
  }
  if (update.hfToken !== undefined) validateToken(update.hfToken);
  return next;
}

/**
 * Reads stored settings over the defaults, ignoring stored values that no longer validate. A stall timeout
 * stored before it had to be whole seconds from 5 s (1000, 2500) is read as the nearest one allowed.
 */
export function loadSettings(stored: Record<string, unknown>, defaults: StoredSettings): StoredSettings {
  let settings = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof StoredSettings)[]) {
    if (!(key in stored)) continue;
    const value = key === 'stallTimeoutMs' ? storedStallTimeoutMs(stored[key]) : stored[key];
    try {
      settings = applySettingsUpdate(settings, { [key]: value } as SettingsUpdate);
    } catch {
      // A value written by an older version that is no longer valid: the default stands.
    }
  }
  return settings;
}
