/** What leaves the server on the event stream (sanitize.ts): a verification's error without a token in it. */
import { describe, expect, it } from 'vitest';
import type { VerificationProgress } from '../api-verify-types.js';
import { publicEvent } from './sanitize.js';

describe('publicEvent', () => {
  it('masks a token in a failed verification’s message', () => {
    const verification: VerificationProgress = {
      id: 'v1',
      key: 'local:v',
      model: { localFolder: 'v' },
      state: 'failed',
      startedAt: '2026-12-07T18:00:00.000Z',
      hashedBytes: 0,
      totalBytes: 10,
      doneFiles: 0,
      totalFiles: 1,
      bytesPerSecond: 0,
      etaSeconds: null,
      quietMs: 0,
      result: null,
      error: { code: 'IO_ERROR', message: 'EACCES: /srv/hf_SECRETsecretSECRETsecret12/v' },
    };
    const sent = publicEvent({ type: 'verification', verification });
    expect(JSON.stringify(sent)).not.toContain('hf_SECRET');
    expect(sent).toMatchObject({ verification: { error: { message: 'EACCES: /srv/hf_***/v' } } });
  });
});
