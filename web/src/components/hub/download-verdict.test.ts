import { describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../../../src/api-types.js';
import { jobFixture } from '../../../../test/support/web/job-fixture.js';
import { repoPageFixture } from '../../../../test/support/web/repo-page-fixture.js';
import { downloadSelection } from './download-selection.js';
import { downloadVerdict } from './download-verdict.js';

const page = repoPageFixture();
const selection = downloadSelection(page.files, new Set(['config.json']));
const preview = {
  files: [{ path: 'config.json', size: 100, present: false }],
  bytesToFetch: 100,
  copiedBytes: 0,
  copiedFrom: [],
  destination: '/models/small',
} as unknown as PreviewResponse;
const toFolder = { destination: 'local' as const, localDir: 'small', preview, error: null, refused: false };
const toCache = { destination: 'cache' as const, localDir: null, preview: null, error: null, refused: false };
const intoFolder = jobFixture({
  repoId: 'org/small',
  name: 'small',
  state: 'paused',
  localDir: '/models/small',
});
const intoCache = jobFixture({ repoId: 'org/small', name: 'small', state: 'paused' });

describe('downloadVerdict: a download of the repo that fetches the selection already', () => {
  it('turns Download off only for the place it downloads to: the folder by its path, or the HF cache', () => {
    expect(downloadVerdict(page, selection, null, [intoFolder], toFolder)).toMatchObject({
      refusal: 'Paused: the download “small” fetches these files; resume it above.',
      waiting: true,
    });
    expect(downloadVerdict(page, selection, null, [intoCache], toFolder).refusal).toBeNull();
    expect(downloadVerdict(page, selection, null, [intoFolder], toCache).refusal).toBeNull();
    expect(downloadVerdict(page, selection, null, [intoCache], toCache).waiting).toBe(true);
  });

  it('does not know the folder before the preview says its path', () => {
    const unchecked = { ...toFolder, preview: null };
    expect(downloadVerdict(page, selection, null, [intoFolder], unchecked)).toMatchObject({
      refusal: null,
      summary: '1 of 1 files, 100 B into folder small (checking…)',
    });
  });
});
