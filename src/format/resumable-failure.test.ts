import { describe, expect, it } from 'vitest';
import { rerunMayHelp, retryResumesHint } from './resumable-failure.js';

const failed = (code: string, downloaded: number) => ({ state: 'failed', error: { code }, downloaded });

describe('retryResumesHint', () => {
  it('says a failed job that kept bytes resumes on Retry, after freeing space for DISK_FULL', () => {
    expect(retryResumesHint(failed('DISK_FULL', 73_140_000))).toBe(
      'Free some space, then Retry: it resumes (73.14 MB kept)',
    );
    expect(retryResumesHint(failed('STALLED', 73_140_000))).toBe('Retry resumes it (73.14 MB kept)');
    expect(retryResumesHint(failed('HUB_HTTP_ERROR', 1))).toBe('Retry resumes it (1 B kept)');
  });

  it('says nothing when nothing is kept, the failure would come again, or the job did not fail', () => {
    expect(retryResumesHint(failed('DISK_FULL', 0))).toBeNull();
    expect(retryResumesHint(failed('GATED_REPO', 5e6))).toBeNull();
    expect(retryResumesHint(failed('INTEGRITY_MISMATCH', 5e6))).toBeNull();
    expect(retryResumesHint({ state: 'cancelled', error: null, downloaded: 5e6 })).toBeNull();
  });

  it('is the rule of the CLI error line', () => {
    expect(rerunMayHelp('NETWORK_UNREACHABLE')).toBe(true);
    expect(rerunMayHelp('REPO_NOT_FOUND')).toBe(false);
  });
});
