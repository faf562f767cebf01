// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DownloadButton } from './download-button.js';

afterEach(cleanup);

const button = () => screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;

describe('DownloadButton', () => {
  it('is off with its reason beside it, the reason being its description', () => {
    render(<DownloadButton refusal="Not downloadable: no access." status={<span>3 files</span>} />);
    expect(button().disabled).toBe(true);
    const reason = screen.getByText('Not downloadable: no access.');
    expect(button().getAttribute('aria-describedby')).toBe(reason.id);
    // The status sits between the button and the reason.
    expect(button().nextSibling?.textContent).toBe('3 files');
  });

  it('is off without words for another reason (busy), and on without a refusal', () => {
    const onClick = vi.fn();
    const { rerender } = render(<DownloadButton refusal={null} disabled onClick={onClick} />);
    expect(button().disabled).toBe(true);
    expect(button().getAttribute('aria-describedby')).toBeNull();
    rerender(<DownloadButton refusal={null} onClick={onClick} />);
    fireEvent.click(button());
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(button().type).toBe('button');
  });

  it('says a refusal that means "nothing left to fetch" in the success colour, not as an error', () => {
    const { rerender } = render(<DownloadButton refusal="Installed: Q6_K is on disk already." nothingToDo />);
    expect(screen.getByText(/^Installed/).classList.contains('form-actions__reason--done')).toBe(true);
    rerender(<DownloadButton refusal="Not downloadable: no access." />);
    expect(screen.getByText(/^Not downloadable/).classList.contains('form-actions__reason--done')).toBe(
      false,
    );
  });
});

describe('DownloadButton keeps the keyboard focus when it turns off', () => {
  it('moves the focus to the reason beside it, and back to the button when it turns on again', () => {
    const status = <span role="status">1 of 3 files, 110.47 kB</span>;
    const { rerender } = render(<DownloadButton refusal={null} status={status} />);
    button().focus();
    // Enter on Download: busy while the job is created, the status beside it takes the focus.
    rerender(<DownloadButton refusal={null} disabled status={status} />);
    expect(document.activeElement?.textContent).toBe('1 of 3 files, 110.47 kB');
    rerender(<DownloadButton refusal={null} status={status} />);
    expect(document.activeElement).toBe(button());
    // The download done, the selection is on disk: the button is off for good, its reason has the focus.
    rerender(<DownloadButton refusal="Installed: Q8_0 is on disk already." nothingToDo status={status} />);
    expect(document.activeElement).toBe(screen.getByText('Installed: Q8_0 is on disk already.'));
    expect(document.activeElement).not.toBe(document.body);
  });

  it('leaves the focus alone when it was elsewhere', () => {
    const { rerender } = render(
      <>
        <input aria-label="elsewhere" />
        <DownloadButton refusal={null} status={<span>3 files</span>} />
      </>,
    );
    const elsewhere = screen.getByLabelText('elsewhere');
    elsewhere.focus();
    rerender(
      <>
        <input aria-label="elsewhere" />
        <DownloadButton refusal="Installed: Q8_0 is on disk already." status={<span>3 files</span>} />
      </>,
    );
    expect(document.activeElement).toBe(elsewhere);
  });
});
