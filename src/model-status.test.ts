import { describe, expect, it } from 'vitest';
import type { PlanCheck } from './api-types.js';
import { diskState, modelStatus } from './model-status.js';

const plan = (missingFiles: number): PlanCheck => ({
  jobId: 'j',
  commit: 'c'.repeat(40),
  files: 3,
  bytes: 300,
  missingFiles,
  missingBytes: missingFiles * 100,
});

describe('diskState', () => {
  it('is complete only when nothing shows a file missing', () => {
    expect(diskState(null)).toBe('none');
    expect(diskState({ unfinishedFiles: 0, plan: null })).toBe('complete');
    expect(diskState({ unfinishedFiles: 0, plan: plan(0) })).toBe('complete');
    expect(diskState({ unfinishedFiles: 0, plan: plan(2) })).toBe('partial');
    // Another program's interrupted download: no listing, but its temp files are there.
    expect(diskState({ unfinishedFiles: 1, plan: null })).toBe('partial');
    expect(diskState({ unfinishedFiles: 1, plan: plan(0) })).toBe('partial');
  });
});

describe('modelStatus', () => {
  it('follows an active job, else what is on disk', () => {
    expect(modelStatus('queued', 'none')).toBe('queued');
    expect(modelStatus('running', 'partial')).toBe('downloading');
    expect(modelStatus('running', 'complete')).toBe('downloading');
    expect(modelStatus('paused', 'partial')).toBe('paused');
    expect(modelStatus('completed', 'complete')).toBe('installed');
    expect(modelStatus('completed', 'none')).toBe('not-installed');
    expect(modelStatus(undefined, 'none')).toBe('not-installed');
    expect(modelStatus(undefined, 'complete')).toBe('installed');
  });

  it('never calls an incomplete model installed: a cancelled or interrupted download is partial', () => {
    expect(modelStatus('cancelled', 'partial')).toBe('partial');
    expect(modelStatus('completed', 'partial')).toBe('partial');
    expect(modelStatus(undefined, 'partial')).toBe('partial');
    expect(modelStatus('cancelled', 'complete')).toBe('installed');
  });

  it('shows a failed attempt of a model that is not all there', () => {
    expect(modelStatus('failed', 'none')).toBe('failed');
    expect(modelStatus('failed', 'partial')).toBe('failed');
  });

  it('keeps a complete model installed when a later attempt at it failed', () => {
    expect(modelStatus('failed', 'complete')).toBe('installed');
  });
});
