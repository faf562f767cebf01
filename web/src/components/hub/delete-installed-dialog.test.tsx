// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstalledModel } from '../../../../src/api-types.js';
import { installedFixture } from '../../../../test/support/web/installed-fixture.js';
import { DeleteInstalledDialog } from './delete-installed-dialog.js';

const noop = () => {};

/** The dialog of a Delete of the whole copy. */
function renderWhole(installed: InstalledModel): void {
  render(
    <DeleteInstalledDialog installed={installed} what="all" busy={false} onConfirm={noop} onCancel={noop} />,
  );
}

describe('DeleteInstalledDialog', () => {
  afterEach(cleanup);

  it('counts the partial temp files of unfinished downloads in what deleting the whole copy frees', () => {
    const installed = installedFixture('org/g', {
      sizeOnDisk: 22,
      unfinishedFiles: 1,
      unfinishedBytes: 129_740_000,
    });
    renderWhole(installed);
    expect(screen.getByRole('button', { name: 'Delete and free 129.74 MB' })).toBeTruthy();
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'every installed revision of org/g from the HF cache, and the partial data of 1 unfinished download.',
    );
  });

  it('leaves out of what it frees the blobs another repo’s folder links too, and says they stay', () => {
    const installed = installedFixture('org/base', { sizeOnDisk: 300_010, sharedBytes: 300_000 });
    renderWhole(installed);
    expect(screen.getByRole('button', { name: 'Delete and free 10 B' })).toBeTruthy();
    expect(screen.getByRole('alertdialog').textContent).toContain(
      '300.00 kB of its files stay: another repo’s folder links the same files.',
    );
  });
});
