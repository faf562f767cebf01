import { afterEach, describe, expect, it, vi } from 'vitest';
import { screenStream } from '../../../test/support/cli/screen-stream.js';
import { planEvent, progressEvent } from '../../../test/support/cli/test-events.js';
import type { TransferEvent } from '../../progress/index.js';
import { createTtyRenderer } from './tty-renderer.js';

/** The scripted download's progress with both of its files moving (two file bars under the total). */
function twoFilesProgress(): TransferEvent {
  const event = progressEvent(5_880_000_000);
  if (event.type !== 'progress') throw new Error('not a progress event');
  return {
    ...event,
    connections: 32,
    connectionsReason: 'budget',
    activeFiles: [
      ...event.activeFiles,
      {
        path: 'model-00002-of-00002.safetensors',
        downloaded: 1_000_000_000,
        size: 5_000_000_000,
        bytesPerSecond: 20_000_000,
        etaSeconds: 200,
      },
    ],
  };
}

/**
 * The screen ends with exactly the three bars (the total, then the two files), each within `columns`, and
 * nothing above them is a piece of a bar.
 */
function expectBarsOnly(lines: string[], columns: number): void {
  const screen = lines.join('\n');
  const bars = lines.slice(-3);
  expect(bars[0], screen).toMatch(/^Total /);
  // Told apart by their percent: a name is shortened from the left (…) to the column it gets.
  expect(bars[1], screen).toMatch(/^ *\S+\.safetensors .*(81|100)% /);
  expect(bars[2], screen).toMatch(/^ *\S+\.safetensors .* 20% /);
  for (const line of bars) expect(line.length, screen).toBeLessThan(columns);
  for (const line of lines.slice(0, -3)) expect(line, screen).not.toMatch(/Total|safetensors|\||[█░]/);
}

const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
afterEach(() => {
  vi.useRealTimers();
});

describe('TTY renderer on a resized terminal', () => {
  it.each([
    [120, 60],
    [120, 45],
    [60, 120],
  ])('shows exactly the bars after %i → %i columns, and again after a notice', async (from, to) => {
    vi.useFakeTimers();
    const terminal = screenStream(from);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    terminal.screen.write('$ hubget download org/model\n');
    renderer.onEvent(planEvent());
    renderer.onEvent(twoFilesProgress());
    await sleep(60);
    expectBarsOnly(terminal.screen.lines(), from);

    terminal.resize(to);
    await sleep(60);
    const lines = terminal.screen.lines();
    expect(lines[0]).toBe('$ hubget download org/model');
    expectBarsOnly(lines, to);

    renderer.notice('Notice: something else');
    renderer.onEvent(twoFilesProgress());
    await sleep(60);
    const after = terminal.screen.lines();
    expect(after.at(-4)).toBe('Notice: something else');
    expectBarsOnly(after, to);
    renderer.stop();
  });

  it('counts a row as wide as its bar, though a longer bar was drawn there before', async () => {
    vi.useFakeTimers();
    const terminal = screenStream(120);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    const moving = twoFilesProgress();
    renderer.onEvent(moving);
    await sleep(60);
    // The first file's bytes are all in: `verifying` instead of a speed and an ETA, a shorter line.
    if (moving.type !== 'progress') throw new Error('not a progress event');
    const [first, second] = moving.activeFiles;
    renderer.onEvent({
      ...moving,
      activeFiles: [{ ...first!, downloaded: first!.size, bytesPerSecond: 0, etaSeconds: 0 }, second!],
    });
    await sleep(60);
    expect(terminal.screen.lines().at(-2)).toMatch(/ verifying$/);
    // 101 columns now, 118 before: 2 rows at 55 columns, where the row of 118 would take 3.
    terminal.resize(55);
    await sleep(60);
    expectBarsOnly(terminal.screen.lines(), 55);
    renderer.stop();
  });

  it('leaves no bar behind when it stops after a resize', async () => {
    vi.useFakeTimers();
    const terminal = screenStream(120);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    renderer.onEvent(twoFilesProgress());
    await sleep(60);
    terminal.resize(50);
    await sleep(60);
    renderer.stop();
    expect(terminal.screen.lines().join('\n')).not.toMatch(/Total|safetensors/);
  });
});
