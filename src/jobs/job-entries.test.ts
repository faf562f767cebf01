import { describe, expect, it } from 'vitest';
import { sampleStoredJob } from '../../test/support/store-contract.js';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { createJobEntry, isOwnTempFile } from './job-entries.js';

const CACHE = '/cache/hub';

describe('isOwnTempFile', () => {
  const stored = sampleStoredJob({ repoId: 'org/m', repoType: 'model', localDir: null });
  const temp = `${cacheRepoLayout(CACHE, stored).repoDir}/blobs/${'a'.repeat(64)}.0123abcd.incomplete`;
  const owns = (state: (typeof stored)['state'], path = temp): boolean =>
    isOwnTempFile(path, [createJobEntry({ ...stored, state }, [])], CACHE);

  it('names the folders of the jobs that run again from their files (queued, running, paused), for a file of theirs without a map', () => {
    expect(owns('queued')).toBe(true);
    expect(owns('running')).toBe(true);
    expect(owns('paused')).toBe(true);
    expect(owns('running', `${CACHE}/models--org--other/blobs/${'b'.repeat(64)}.0123abcd.incomplete`)).toBe(
      false,
    );
  });

  it("does not name a failed, cancelled or completed job's folder: another program fetching the repo then is shown", () => {
    expect(owns('failed')).toBe(false);
    expect(owns('cancelled')).toBe(false);
    expect(owns('completed')).toBe(false);
  });

  it("names a local-dir job's folder", () => {
    const local = createJobEntry({ ...stored, state: 'paused', localDir: '/models/m' }, []);
    expect(isOwnTempFile('/models/m/.cache/huggingface/download/x.incomplete', [local], CACHE)).toBe(true);
    expect(isOwnTempFile('/models/m2/.cache/huggingface/download/x.incomplete', [local], CACHE)).toBe(false);
  });
});
