import { describe, expect, it } from 'vitest';
import { isCi, setupDecision } from './setup-required.js';

describe('a missing test setup', () => {
  it('recognises CI the way CI services set it', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'TRUE ' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
  });

  it('runs when available, skips on a laptop, fails in CI', () => {
    expect(setupDecision(true, { CI: 'true' })).toBe('run');
    expect(setupDecision(true, {})).toBe('run');
    expect(setupDecision(false, {})).toBe('skip');
    expect(setupDecision(false, { CI: 'true' })).toBe('fail');
  });
});
