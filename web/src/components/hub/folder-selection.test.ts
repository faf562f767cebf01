import { describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../../../src/api-types.js';
import { repoPageFixture } from '../../../../test/support/web/repo-page-fixture.js';
import { downloadSelection } from './download-selection.js';
import { folderSummary } from './folder-selection.js';

const page = repoPageFixture();
const selection = downloadSelection(page.files, new Set(['config.json']));
const preview = (freeBytes: number) =>
  ({
    files: [{ path: 'config.json', size: 100, present: false }],
    bytesToFetch: 100,
    copiedBytes: 0,
    copiedFrom: [],
    bytesToWrite: 100,
    freeBytes,
    destination: '/models/small',
  }) as unknown as PreviewResponse;
const check = (freeBytes: number) => ({ preview: preview(freeBytes), error: null, refused: false });

describe('folderSummary', () => {
  it("says when the download does not fit the folder's disk, in the preview's words", () => {
    expect(folderSummary(selection, 1, 'small', check(1_000))).toBe(
      '1 of 1 files, 100 B into folder small (100 B to fetch)',
    );
    expect(folderSummary(selection, 1, 'small', check(40))).toBe(
      '1 of 1 files, 100 B into folder small (100 B to fetch). Not enough free disk space: the download needs 100 B, 40 B free at /models/small.',
    );
  });
});
