import { describe, expect, it } from 'vitest';
import { planLookup } from './download-plans.js';

describe('planLookup', () => {
  const files = [{ path: 'x-Q4_K_M.gguf', size: 100 }];
  const job = (id: string, state: 'completed' | 'failed') => ({
    id,
    kind: 'download' as const,
    commit: 'c'.repeat(40),
    state,
  });

  it('says whether the job whose plan it is completed (a quantization wholly gone since was deleted)', () => {
    const lookup = planLookup(
      new Map([
        ['cache:model/org/done', [job('j1', 'completed')]],
        ['cache:model/org/cut', [job('j2', 'failed')]],
      ]),
      () => files,
    );
    expect(lookup('cache:model/org/done')).toEqual({
      jobId: 'j1',
      commit: 'c'.repeat(40),
      files,
      completed: true,
    });
    expect(lookup('cache:model/org/cut')).toMatchObject({ jobId: 'j2', completed: false });
  });
});
