// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useLayoutEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { limitOf, RateInput } from './rate-input.js';

/** A RateInput whose limit is applied as soon as it is committed, like the server answering at once. */
function AppliedLimit({ initial, commits }: { initial: number; commits: number[] }) {
  const [limit, setLimit] = useState(initial);
  return (
    <RateInput
      label="Limit for demo-model"
      bytesPerSecond={limit}
      onCommit={(next) => {
        commits.push(next);
        setLimit(next);
      }}
    />
  );
}

/** A RateInput whose limit the test changes from outside, as another tab or the CLI does. */
function ChangedElsewhere({ elsewhere }: { elsewhere: { set?: (bytes: number) => void } }) {
  const [limit, setLimit] = useState(5_000_000);
  elsewhere.set = setLimit;
  return <RateInput label="Limit for demo-model" bytesPerSecond={limit} onCommit={() => undefined} />;
}

/** Types 9 into the field in the commit that shows it, before that render's effects run. */
function TypesAtOnce() {
  useLayoutEffect(() => {
    const input = field();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, '9');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, []);
  return null;
}

const field = () => screen.getByLabelText('Limit for demo-model') as HTMLInputElement;
const unit = () => screen.getByLabelText('Limit for demo-model unit') as HTMLSelectElement;

describe('RateInput', () => {
  afterEach(cleanup);

  it('follows a limit changed elsewhere, unless the user is typing in it', () => {
    const elsewhere: { set?: (bytes: number) => void } = {};
    const setElsewhere = (bytes: number) => elsewhere.set?.(bytes);
    render(<ChangedElsewhere elsewhere={elsewhere} />);
    expect(field().value).toBe('5');
    act(() => setElsewhere(500_000));
    expect([field().value, unit().value]).toEqual(['500', 'kB/s']);

    act(() => field().focus());
    fireEvent.change(field(), { target: { value: '7' } });
    act(() => setElsewhere(2_000_000));
    expect([field().value, unit().value]).toEqual(['7', 'kB/s']);
    act(() => field().blur());
    act(() => setElsewhere(3_000_000));
    expect([field().value, unit().value]).toEqual(['3', 'MB/s']);
  });

  it('keeps a keystroke made before its first render has run its effects', () => {
    // A field shown on a loaded machine, typed into before React ran the effects of the render that showed it:
    // it once set its text from the limit in an effect, which then undid the keystroke.
    render(
      <>
        <RateInput label="Limit for demo-model" bytesPerSecond={5_000_000} onCommit={() => undefined} />
        <TypesAtOnce />
      </>,
    );
    expect(field().value).toBe('9');
  });

  it('says nothing of "No limit" once a limit is set, and offers to remove it', () => {
    const commits: number[] = [];
    render(<AppliedLimit initial={0} commits={commits} />);
    expect(field().value).toBe('');
    expect(field().placeholder).toBe('No limit');
    expect(screen.queryByRole('button')).toBeNull();

    fireEvent.change(field(), { target: { value: '1' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    expect(commits).toEqual([1_000_000]);
    expect(field().value).toBe('1');
    expect(unit().value).toBe('MB/s');
    expect(screen.queryByText(/No limit/)).toBeNull();
    const remove = screen.getByRole('button', { name: /^Remove limit/ });
    expect(remove.textContent).toBe('Remove limit');

    fireEvent.click(remove);
    expect(commits).toEqual([1_000_000, 0]);
    expect(field().value).toBe('');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows a limit set elsewhere (500 kB/s) without a "No limit" beside it', () => {
    render(<AppliedLimit initial={500_000} commits={[]} />);
    expect(field().value).toBe('500');
    expect(unit().value).toBe('kB/s');
    expect(screen.queryByText(/No limit/)).toBeNull();
    expect(screen.getByRole('button', { name: /^Remove limit/ })).toBeTruthy();
  });

  it('refuses a negative or unusable number with a message and keeps the limit in force', () => {
    const commits: number[] = [];
    render(<AppliedLimit initial={2_000_000} commits={commits} />);
    for (const typed of ['-5', '0.0000001']) {
      fireEvent.change(field(), { target: { value: typed } });
      fireEvent.keyDown(field(), { key: 'Enter' });
      expect(screen.getByRole('alert').textContent).toMatch(/^Not a limit: enter a positive number/);
      expect(field().getAttribute('aria-invalid')).toBe('true');
    }
    expect(commits).toEqual([]);
    expect(screen.getByRole('button', { name: /^Remove limit/ })).toBeTruthy();

    fireEvent.change(field(), { target: { value: '3' } });
    fireEvent.blur(field());
    expect(commits).toEqual([3_000_000]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reads an empty field or 0 as no limit, and text the browser cannot read as nothing', () => {
    expect(limitOf('', 'MB/s')).toBe(0);
    expect(limitOf(' 0 ', 'MB/s')).toBe(0);
    expect(limitOf('1.5', 'kB/s')).toBe(1500);
    expect(limitOf('', 'MB/s', true)).toBeNull();
    expect(limitOf('-1', 'MB/s')).toBeNull();
  });
});
