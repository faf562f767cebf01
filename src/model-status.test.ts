import { describe, expect, it } from 'vitest';
import { modelStatus } from './model-status.js';

describe('modelStatus', () => {
  it('follows an active or failed job, else what is on disk', () => {
    expect(modelStatus('queued', false)).toBe('queued');
    expect(modelStatus('running', true)).toBe('downloading');
    expect(modelStatus('paused', false)).toBe('paused');
    expect(modelStatus('failed', true)).toBe('failed');
    expect(modelStatus('completed', true)).toBe('installed');
    expect(modelStatus('completed', false)).toBe('not-installed');
    expect(modelStatus('cancelled', true)).toBe('installed');
    expect(modelStatus(undefined, false)).toBe('not-installed');
  });
});
