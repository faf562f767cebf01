import { afterEach, describe, expect, it, vi } from 'vitest';
import { planEvent, progressEvent } from '../../../test/support/cli/test-events.js';
import { fakeTerminal, oneFileProgress } from '../../../test/support/cli/tty-terminal.js';
import { retryEvent, stallEvent } from '../../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../../progress/index.js';
import { chooseBarLayout } from './bar-layout.js';
import { formatBarLine } from './bar-line.js';
import { displayWidth } from './terminal-width.js';
import { createTtyRenderer } from './tty-renderer.js';

// The renderer redraws on cli-progress's timer: move a fake clock instead of sleeping.
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
afterEach(() => {
  vi.useRealTimers();
});

describe('formatBarLine', () => {
  const content = { longestLabel: 'Total 3/3 files'.length, largestTotal: 12_000_000_000 };
  it('shows percent, sizes, speed and ETA within the width', () => {
    const line = formatBarLine(
      {
        label: 'Total',
        done: 5_880_000_000,
        total: 12_000_000_000,
        bytesPerSecond: 45_200_000,
        etaSeconds: 140,
      },
      chooseBarLayout(120, content),
    );
    expect(line).toMatch(
      /^Total +\[█+░+\] {2}49% \| +5\.88 GB \/ +12\.00 GB \| 45\.2 MB\/s \| ETA 2 min 20 s$/,
    );
    expect(line.length).toBeLessThan(120);
  });
  it('says "verifying" instead of a speed and ETA once every byte is on disk', () => {
    const line = formatBarLine(
      { label: 'Total', done: 2000, total: 2000, bytesPerSecond: 0, etaSeconds: 0, verifying: true },
      chooseBarLayout(120, { longestLabel: 5, largestTotal: 2000 }),
    );
    expect(line).toMatch(/^Total \[█+\] 100% \| +2\.00 kB \/ +2\.00 kB \| verifying$/);
  });
  it('shortens long names from the left, by display columns', () => {
    const layout = chooseBarLayout(60, { longestLabel: 60, largestTotal: 2 });
    for (const label of ['a-very-long-directory/model-00001-of-00004.safetensors', '模型'.repeat(20)]) {
      const line = formatBarLine({ label, done: 1, total: 2, bytesPerSecond: 0, etaSeconds: null }, layout);
      expect(line.startsWith('…')).toBe(true);
      expect(displayWidth(line)).toBeLessThan(60);
      // The name column, then one space, then the percent (padded to 4: ` 50%`).
      expect(displayWidth(line.slice(0, line.indexOf(' 50%')))).toBe(layout.labelWidth + 1);
    }
  });
});

describe('TTY renderer', () => {
  it('draws a bar for each file another download is fetching, from the first progress, marked as such', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    renderer.onEvent({
      ...progressEvent(1_000_000_000),
      activeFiles: [],
      waitingFiles: [
        // No bytes of it on disk yet: the bar is there all the same.
        {
          path: 'model-00002-of-00002.safetensors',
          downloaded: 0,
          size: 5e9,
          bytesPerSecond: 0,
          etaSeconds: null,
        },
      ],
    } as TransferEvent);
    await sleep(40);
    renderer.onEvent({
      ...progressEvent(3_000_000_000),
      activeFiles: [],
      waitingFiles: [
        {
          path: 'model-00002-of-00002.safetensors',
          downloaded: 2e9,
          size: 5e9,
          bytesPerSecond: 20_000_000,
          etaSeconds: 150,
        },
      ],
    } as TransferEvent);
    await sleep(40);
    renderer.stop();
    const text = terminal.text();
    expect(text).toMatch(
      /00002-of-00002\.safetensors \[░+\] {3}0% \| +0 B \/ +5\.00 GB \| +0 B\/s \| other download/,
    );
    expect(text).toMatch(
      /00002-of-00002\.safetensors \[[█░]+\] {2}40% \| +2\.00 GB \/ +5\.00 GB \| 20\.0 MB\/s \| other download/,
    );
  });

  it('leaves "line-bound" off the total bar while nothing arrives, and shows it while bytes flow', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    const at = progressEvent(5_880_000_000) as Extract<TransferEvent, { type: 'progress' }>;
    renderer.onEvent({
      ...at,
      connections: 30,
      connectionsReason: 'link',
      bytesPerSecond: 0,
      etaSeconds: null,
    });
    await sleep(40);
    expect(terminal.text()).toMatch(/30 conns/);
    expect(terminal.text()).not.toMatch(/line-bound/);
    renderer.onEvent({ ...at, connections: 30, connectionsReason: 'link' });
    await sleep(40);
    renderer.stop();
    expect(terminal.text()).toMatch(/30 conns · line-bound/);
  });

  it('draws the bar of a file with connections open and no byte written (stalled before its first), not of one waiting for a slot', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    const file = (path: string, connections: number) => ({
      path,
      downloaded: 0,
      size: 5e9,
      bytesPerSecond: 0,
      etaSeconds: null,
      connections,
    });
    renderer.onEvent({
      ...progressEvent(0),
      activeFiles: [file('model-00001-of-00002.safetensors', 8), file('model-00002-of-00002.safetensors', 0)],
    } as TransferEvent);
    await sleep(40);
    renderer.stop();
    const text = terminal.text();
    expect(text).toMatch(/00001-of-00002\.safetensors \[░+\] {3}0% \| +0 B \/ +5\.00 GB \| +0 B\/s \| ETA —/);
    expect(text).not.toMatch(/00002-of-00002\.safetensors \[/);
  });

  it('draws a total bar and a file bar, warnings above them, and clears them on stop', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    let nowMs = 0;
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50, now: () => nowMs });
    renderer.onEvent(planEvent());
    renderer.onEvent({
      type: 'file-start',
      path: 'model-00001-of-00002.safetensors',
      size: 6e9,
      resumedBytes: 0,
    });
    renderer.onEvent(progressEvent(5_880_000_000));
    renderer.onEvent(stallEvent('model-00001-of-00002.safetensors'));
    await sleep(80);
    renderer.onEvent({
      type: 'file-done',
      path: 'model-00001-of-00002.safetensors',
      size: 6e9,
      reused: false,
    });
    nowMs = 220_000;
    renderer.onEvent({
      type: 'done',
      resultPath: '/x',
      downloadedBytes: 11e9,
      totalBytes: 12e9,
      elapsedMs: 220_000,
      fetchingMs: 220_000,
    });
    renderer.stop();
    const text = terminal.text();
    expect(text).toContain('Fetching 2 files (11.00 GB) from org/model@1a2b3c4');
    expect(text).toMatch(
      /Total 1\/3 files +\[[█░]+\] {2}49% \| +5\.88 GB \/ +12\.00 GB \| 45\.2 MB\/s \| ETA 2 min 20 s/,
    );
    expect(text).toMatch(/…[\w-]*00001-of-00002\.safetensors \[[█░]+\] {2}81% \| +4\.88 GB \/ +6\.00 GB/);
    expect(text).toContain('Notice: model-00001-of-00002.safetensors — no data for 35 s; reconnecting');
    expect(
      text
        .trimEnd()
        .endsWith(
          'Download complete: 11.00 GB fetched in 3 min 40 s (50.0 MB/s); 1 connection re-established',
        ),
    ).toBe(true);
  });
});

describe('TTY renderer notices', () => {
  it('writes a notice at once while no bar is drawn yet (the listing), above the bars after', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.notice('Listing org/model…');
    expect(terminal.text()).toBe('Listing org/model…\n');
    renderer.onEvent(planEvent());
    renderer.notice('Notice: something else');
    await sleep(60);
    renderer.stop();
    expect(terminal.text()).toMatch(
      /^Listing org\/model…\nFetching 2 files[^\n]*\n[\s\S]*Notice: something else/,
    );
  });

  it('rates the fetch from the plan on: the listing before it does not count', async () => {
    vi.useFakeTimers();
    let nowMs = 0;
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50, now: () => nowMs });
    nowMs = 6000;
    renderer.onEvent(planEvent());
    nowMs = 8000;
    renderer.onEvent({
      type: 'done',
      resultPath: '/x',
      downloadedBytes: 10_000_000,
      totalBytes: 12e9,
      elapsedMs: 8000,
      fetchingMs: 8000,
    });
    renderer.stop();
    expect(
      terminal.text().trimEnd().endsWith('Download complete: 10.00 MB fetched in 2.0 s (5.0 MB/s)'),
    ).toBe(true);
  });

  it('breaks the summary at spaces on a narrow terminal, as the notices above it', () => {
    let nowMs = 0;
    const terminal = fakeTerminal(60);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50, now: () => nowMs });
    renderer.onEvent(planEvent());
    nowMs = 2000;
    renderer.onEvent({
      type: 'done',
      resultPath: '/x',
      downloadedBytes: 10_000_000,
      copiedBytes: 20_470,
      totalBytes: 10_020_470,
      elapsedMs: 2000,
      fetchingMs: 2000,
    });
    renderer.stop();
    // The terminal cut it mid-word (`copied fr` / `om the HF cache`). Stripped of its erase sequences, the last
    // bar frame shares the summary's first line here.
    const [first, second] = terminal.text().trimEnd().split('\n').slice(-2);
    expect(first?.endsWith('Download complete: 10.00 MB fetched in 2.0 s (5.0 MB/s),'), first).toBe(true);
    expect(second).toBe('  20.47 kB copied from the HF cache');
  });
});

describe('TTY renderer file bars', () => {
  it('shows a file only once bytes arrive', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(planEvent());
    renderer.onEvent({ type: 'file-start', path: 'waiting.bin', size: 10, resumedBytes: 0 });
    renderer.onEvent(oneFileProgress('waiting.bin', 0));
    await sleep(60);
    expect(terminal.text()).not.toContain('waiting.bin');
    renderer.onEvent(oneFileProgress('waiting.bin', 5));
    await sleep(60);
    renderer.stop();
    expect(terminal.text()).toMatch(/waiting\.bin +\[[█░]+\] {2}50% \| +5 B \/ +10 B/);
  });
});

describe('TTY renderer warnings', () => {
  it.each([60, 80, 120])(
    'wraps a long warning to %i columns instead of letting the terminal cut it',
    async (columns) => {
      vi.useFakeTimers();
      const terminal = fakeTerminal(columns);
      const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
      renderer.onEvent(planEvent());
      const message = 'Server answered 503 for bytes=0-10485759: Injected HTTP 503';
      renderer.onEvent(
        retryEvent('original/consolidated-00001-of-00004.safetensors', { code: 'HUB_HTTP_ERROR', message }),
      );
      await sleep(80);
      renderer.stop();
      const lines = terminal.text().split('\n');
      const first = lines.findIndex((line) => line.startsWith('Notice: '));
      expect(first).toBeGreaterThanOrEqual(0);
      const warning = [lines[first]!];
      for (const line of lines.slice(first + 1)) {
        if (!line.startsWith('  ')) break;
        warning.push(line);
      }
      // The last column stays free (auto-wrap is off while cli-progress draws).
      for (const line of warning) expect(line.length).toBeLessThan(columns);
      expect(warning.map((line) => line.trim()).join(' ')).toBe(
        `Notice: original/consolidated-00001-of-00004.safetensors — server error; reconnecting now (${message})`,
      );
    },
  );
});
