import { afterEach, describe, expect, it, vi } from 'vitest';
import { screenStream } from '../../../test/support/cli/screen-stream.js';
import { planEvent, progressEvent } from '../../../test/support/cli/test-events.js';
import { createTtyRenderer } from './tty-renderer.js';

// The renderer redraws on cli-progress's timer: move a fake clock instead of sleeping.
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
afterEach(() => {
  vi.useRealTimers();
});

describe('TTY renderer notices on screen', () => {
  it('draws the bars under a notice again though their text did not change', async () => {
    vi.useFakeTimers();
    const terminal = screenStream(140);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    renderer.onEvent(progressEvent(5_880_000_000));
    await sleep(60);
    // Nothing moves (a stall, say): the notice goes above the bars, and the bars one row down.
    renderer.notice('Notice: something else');
    await sleep(60);
    const lines = terminal.screen.lines();
    expect(lines.slice(-3, -2)).toEqual(['Notice: something else']);
    expect(lines.at(-2), lines.join('\n')).toMatch(/^Total 1\/3 files +\[/);
    expect(lines.at(-1), lines.join('\n')).toMatch(/^…[\w-]*00001-of-00002\.safetensors +\[/);
    renderer.stop();
  });

  it('keeps a path longer than the line whole above the bars, soft-wrapped by the terminal: it copies as one line', async () => {
    vi.useFakeTimers();
    const terminal = screenStream(40);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    renderer.onEvent(progressEvent(5_880_000_000));
    await sleep(60);
    const path =
      '/tmp/a-rather-long-cache-dir-for-hubget/hub/models--org--model/snapshots/0123456/config.json';
    renderer.notice(`Notice: saved to ${path}`);
    await sleep(60);
    const drawn = terminal.screen.lines();
    renderer.stop();
    // The bars were drawn under it (auto-wrap off for them), the path's rows were not cut at the edge.
    expect(drawn.at(-2), drawn.join('\n')).toMatch(/^Total 1\/3 files/);
    // Its rows are one line to the terminal: widened, it shows the path on one row, as a copy gets it.
    terminal.screen.resize(200);
    expect(terminal.screen.lines(), terminal.screen.lines().join('\n')).toContain(`  ${path}`);
  });
});
