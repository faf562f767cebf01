import { describe, expect, it } from 'vitest';
import {
  claimedByThisProcess,
  noteClaimed,
  noteRunEnded,
  THIS_PROCESS_CLAIMS_RETAIN_MS,
} from './this-process-claims.js';

describe('the keys this process’s runs claimed', () => {
  it('are known while the run holds them and for a while after it ended, then forgotten', () => {
    const folder = '/claims/this-process-claims.test/a';
    const t = 1_000_000;
    expect(claimedByThisProcess(folder, 'blob', t)).toBe(false);
    noteClaimed(folder, ['blob', 'sub/X.blob']);
    expect(claimedByThisProcess(folder, 'blob', t + 10 * THIS_PROCESS_CLAIMS_RETAIN_MS)).toBe(true);
    expect(claimedByThisProcess(folder, { prefix: 'sub/X.' }, t)).toBe(true);
    expect(claimedByThisProcess(folder, { prefix: 'sub/Y.' }, t)).toBe(false);
    expect(claimedByThisProcess('/claims/this-process-claims.test/b', 'blob', t)).toBe(false);

    noteRunEnded(folder, ['blob', 'sub/X.blob'], t);
    expect(claimedByThisProcess(folder, 'blob', t + THIS_PROCESS_CLAIMS_RETAIN_MS)).toBe(true);
    expect(claimedByThisProcess(folder, 'blob', t + THIS_PROCESS_CLAIMS_RETAIN_MS + 1)).toBe(false);
    expect(claimedByThisProcess(folder, { prefix: 'sub/X.' }, t + THIS_PROCESS_CLAIMS_RETAIN_MS + 1)).toBe(
      false,
    );

    // A later run's end drops them from memory; claimed again, they are known again.
    noteRunEnded('/claims/this-process-claims.test/c', [], t + THIS_PROCESS_CLAIMS_RETAIN_MS + 1);
    noteClaimed(folder, ['blob']);
    expect(claimedByThisProcess(folder, 'blob', t + 20 * THIS_PROCESS_CLAIMS_RETAIN_MS)).toBe(true);
    expect(claimedByThisProcess(folder, { prefix: 'sub/X.' }, t)).toBe(false);
  });
});
