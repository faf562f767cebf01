/** The stall timeout's one rule, and the settings that keep it: whole seconds from 5 s to 1 h. */
import { describe, expect, it } from 'vitest';
import { applySettingsUpdate, defaultSettings, loadSettings } from './jobs/settings.js';
import { isStallTimeoutMs, STALL_TIMEOUT_RANGE, stallTimeoutMsOfSeconds } from './stall-timeout.js';

const defaults = defaultSettings({ endpoint: 'http://127.0.0.1:9', progressDir: '/tmp' });

describe('stall timeout rule', () => {
  it('takes whole seconds from 5 to 3600', () => {
    expect(STALL_TIMEOUT_RANGE).toBe('a whole number of seconds from 5 to 3600');
    expect(stallTimeoutMsOfSeconds(5)).toBe(5000);
    expect(stallTimeoutMsOfSeconds(3600)).toBe(3_600_000);
    for (const bad of [2.5, 1, 4, 0, 3601, Number.NaN, 30.5])
      expect(stallTimeoutMsOfSeconds(bad), `${bad}`).toBeNull();
    expect(isStallTimeoutMs(30_000)).toBe(true);
    for (const bad of [2500, 1000, 4000, 30_500, 3_601_000, '30000'])
      expect(isStallTimeoutMs(bad), `${bad}`).toBe(false);
  });

  it('refuses a fraction of a second or less than 5 s as a setting, with the range', () => {
    for (const stallTimeoutMs of [2500, 1000, 30_500]) {
      expect(() => applySettingsUpdate(defaults, { stallTimeoutMs })).toThrow(
        'stallTimeoutMs must be a whole number of seconds from 5 to 3600',
      );
    }
    expect(applySettingsUpdate(defaults, { stallTimeoutMs: 5000 }).stallTimeoutMs).toBe(5000);
  });

  it('reads a value stored before the rule as the nearest one allowed, not as the default', () => {
    expect(loadSettings({ stallTimeoutMs: 1000 }, defaults).stallTimeoutMs).toBe(5000);
    expect(loadSettings({ stallTimeoutMs: 2500 }, defaults).stallTimeoutMs).toBe(5000);
    expect(loadSettings({ stallTimeoutMs: 45_400 }, defaults).stallTimeoutMs).toBe(45_000);
    expect(loadSettings({ stallTimeoutMs: 60_000 }, defaults).stallTimeoutMs).toBe(60_000);
    expect(loadSettings({ stallTimeoutMs: 'soon' }, defaults).stallTimeoutMs).toBe(30_000);
  });
});
