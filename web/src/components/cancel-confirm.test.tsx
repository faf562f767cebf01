// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { bytesAtStake, useCancelConfirm } from './cancel-confirm.js';

function CancelButton({ jobs, cancelled }: { jobs: JobView[]; cancelled: string[] }) {
  const { confirmCancel, dialog } = useCancelConfirm(jobs);
  return (
    <>
      <button type="button" onClick={() => confirmCancel('big', jobs, () => cancelled.push('big'))}>
        Cancel
      </button>
      {dialog}
    </>
  );
}

describe('cancel confirmation', () => {
  afterEach(cleanup);

  it('asks before deleting what a download has on disk, and keeps downloading when told so', () => {
    const cancelled: string[] = [];
    const running = jobFixture({ name: 'big', downloaded: 332_840_000, total: 629_150_000 });
    render(<CancelButton jobs={[running]} cancelled={cancelled} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel big?' });
    expect(dialog.textContent).toContain('332.84 MB are on disk');
    expect(dialog.textContent).toContain('Pause keeps everything');
    expect(cancelled).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep downloading' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(cancelled).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel and delete' }));
    expect(cancelled).toEqual(['big']);
  });

  it('offers to keep a paused download paused, not "downloading", which it is not doing', () => {
    const cancelled: string[] = [];
    const paused = jobFixture({ name: 'big', state: 'paused', downloaded: 77_880_000, total: 629_150_000 });
    render(<CancelButton jobs={[paused]} cancelled={cancelled} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cancel big?' });
    expect(dialog.textContent).toContain('Paused, it keeps everything, to resume later.');
    expect(screen.queryByRole('button', { name: 'Keep downloading' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Keep paused' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(cancelled).toEqual([]);
  });

  it('follows the download while the question is open: the figure is the job’s bytes on disk now', () => {
    const cancelled: string[] = [];
    const at = (downloaded: number) => [jobFixture({ name: 'big', downloaded, total: 629_150_000 })];
    const { rerender } = render(<CancelButton jobs={at(100_000_000)} cancelled={cancelled} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    rerender(<CancelButton jobs={at(226_390_000)} cancelled={cancelled} />);
    expect(screen.getByRole('alertdialog').textContent).toContain('226.39 MB are on disk');
  });

  it('cancels at once what has nothing on disk to lose: a queued job, or one whose bytes are all there', () => {
    const cancelled: string[] = [];
    const queued = jobFixture({ state: 'queued', downloaded: 0, total: 0 });
    render(<CancelButton jobs={[queued]} cancelled={cancelled} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(cancelled).toEqual(['big']);
    expect(
      bytesAtStake([jobFixture({ downloaded: 100, total: 100 }), jobFixture({ downloaded: 5, total: 9 })]),
    ).toBe(5);
  });
});
