/** The TTY renderer and file names: control characters escaped, names with a space quoted (src/format/shell-word.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planEvent } from '../../../test/support/cli/test-events.js';
import { fakeTerminal, oneFileProgress } from '../../../test/support/cli/tty-terminal.js';
import { stallEvent } from '../../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../../progress/index.js';
import { displayWidth } from './terminal-width.js';
import { createTtyRenderer } from './tty-renderer.js';

// The renderer redraws on cli-progress's timer: move a fake clock instead of sleeping.
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
afterEach(() => {
  vi.useRealTimers();
});

describe('TTY renderer and hostile names', () => {
  it('draws a file name with control characters as escapes, in its bar and in warnings', async () => {
    vi.useFakeTimers();
    const terminal = fakeTerminal();
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    const path = 'evil\u001b]0;pwned\u0007.bin';
    renderer.onEvent(planEvent());
    renderer.onEvent(oneFileProgress(path, 5));
    renderer.onEvent(stallEvent(path));
    await sleep(80);
    renderer.stop();
    // cli-progress draws with CSI sequences (ESC [); the name's OSC (ESC ]) and BEL must not get through.
    expect(terminal.raw()).not.toMatch(/\u001b\]|\u0007/);
    expect(terminal.text()).toMatch(/ {2}'evil\\x1b\]0;pwned\\x07\.bin' +\[█+░+\]/);
    // Quoted too: a name with characters a shell treats specially (src/format/shell-word.ts).
    expect(terminal.text()).toContain("Notice: 'evil\\x1b]0;pwned\\x07.bin' — no data for 35 s");
  });
});

describe('TTY renderer and names with a space', () => {
  const plan = (path: string): TransferEvent => ({
    type: 'plan',
    repoId: 'org/model',
    commit: 'c'.repeat(40),
    totalBytes: 10,
    presentBytes: 0,
    filesTotal: 1,
    filesPresent: 0,
    files: [{ path, size: 10, present: false }],
  });
  const barOf = async (path: string, columns: number): Promise<string> => {
    vi.useFakeTimers();
    const terminal = fakeTerminal(columns);
    const renderer = createTtyRenderer({ stream: terminal.stream, fps: 50 });
    renderer.onEvent(plan(path));
    renderer.onEvent(oneFileProgress(path, 5));
    await sleep(80);
    const bar = terminal
      .text()
      .split('\n')
      .findLast((line) => line.includes(' 50% '));
    renderer.stop();
    vi.useRealTimers();
    return bar ?? '';
  };

  it("quotes a file's name in its bar, the name column as wide as the quoted name", async () => {
    for (const columns of [60, 110]) {
      const bar = await barOf('my model.bin', columns);
      expect(bar, `${columns}`).toMatch(/^ {2}'my model\.bin' +(\[█+░+\] +)?50%/);
      expect(displayWidth(bar)).toBeLessThan(columns);
    }
    // A name without such a character stays bare.
    expect(await barOf('model.bin', 60)).toMatch(/^ {2}model\.bin +50%/);
  });

  it('cuts a long quoted name inside its quotes, its end kept, within the width', async () => {
    const path = 'my fine-tuned models/model-00001-of-00003.safetensors';
    for (const columns of [60, 110]) {
      const bar = await barOf(path, columns);
      expect(bar, `${columns}`).toMatch(/^'…[^']*-00001[^']*\.safetensors' +(\[█+░+\] +)?50%/);
      expect(displayWidth(bar)).toBeLessThan(columns);
    }
  });
});
