/**
 * The bars while a file's request waits for the Hub (a `429`'s Retry-After, a `5xx` backoff): its bar says the
 * wait from its start, counting down, as the screen shows it; before, the terminal stood still for the whole
 * wait (a notice above, bars at 0 B/s), and a file without bytes yet had no bar at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screenStream } from '../../../test/support/cli/screen-stream.js';
import { planEvent, progressEvent } from '../../../test/support/cli/test-events.js';
import { droppedRetry, rateLimitedLastTry } from '../../../test/support/progress/retry-events.js';
import type { TransferEvent } from '../../progress/index.js';
import { createTtyRenderer } from './tty-renderer.js';

const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);
afterEach(() => {
  vi.useRealTimers();
});

const WAITING = 'model-00002-of-00002.safetensors';

/** The CDN answered 429 for the second file's first request, asking 217 s (+ 1 s, as huggingface_hub). */
const limited = rateLimitedLastTry(WAITING);

/** The first file downloads; the second, no byte yet and no connection open, is in `activeFiles` too. */
function bothFiles(downloaded: number, waitingBytes = 0): TransferEvent {
  const progress = progressEvent(downloaded) as Extract<TransferEvent, { type: 'progress' }>;
  return {
    ...progress,
    activeFiles: [
      ...progress.activeFiles,
      {
        path: WAITING,
        downloaded: waitingBytes,
        size: 5e9,
        bytesPerSecond: 0,
        etaSeconds: null,
        connections: 0,
      },
    ],
  };
}

/** The screen's line of the waiting file's bar. */
const barOf = (lines: string[]) =>
  lines.find((line) => /(00002-of-00002|model-00002)\.safetensors +.*%/.test(line));

describe('TTY renderer: a file waiting for the Hub', () => {
  it('says the wait on the file’s bar at once, counting down, while the other file downloads, then its bytes', async () => {
    vi.useFakeTimers();
    const { stream, screen } = screenStream(120);
    let nowMs = 0;
    const renderer = createTtyRenderer({ stream, fps: 50, now: () => nowMs });
    renderer.onEvent(planEvent());
    renderer.onEvent(bothFiles(2_000_000_000));
    renderer.onEvent(limited);
    await sleep(40);
    expect(barOf(screen.lines())).toMatch(
      /safetensors +\[░+\] {3}0% \| waits 3 min 38 s for the Hub \(429\)$/,
    );
    // The notice above says it once, with what follows the wait.
    expect(
      screen
        .lines()
        .map((line) => line.trim())
        .join(' '),
    ).toContain(
      `Notice: ${WAITING} waits 3 min 38 s for the Hub (429), then one last try (the 1 min of retries without progress is over by then)`,
    );
    // A minute later, the other file still downloading: the bar counts down.
    nowMs = 61_000;
    renderer.onEvent(bothFiles(4_000_000_000));
    await sleep(40);
    expect(barOf(screen.lines())).toMatch(/\| waits 2 min 37 s for the Hub \(429\)$/);
    // The wait is over and its bytes arrive: its bar is a bar again.
    nowMs = 219_000;
    renderer.onEvent(bothFiles(5_000_000_000, 1_000_000_000));
    await sleep(40);
    expect(barOf(screen.lines())).toMatch(/20% \| +1\.00 GB \/ +5\.00 GB \| +0 B\/s \| ETA —$/);
    renderer.stop();
  });

  it('says no wait while another connection of the file is open, and the wait once none is', async () => {
    vi.useFakeTimers();
    const { stream, screen } = screenStream(120);
    let nowMs = 0;
    const renderer = createTtyRenderer({ stream, fps: 50, now: () => nowMs });
    renderer.onEvent(planEvent());
    renderer.onEvent(bothFiles(2_000_000_000, 1_000_000_000));
    // One of its four connections is asked to wait; three are still open: the file is fetching.
    renderer.onEvent({ ...limited, connectionsOpen: 3 });
    await sleep(40);
    expect(barOf(screen.lines())).toMatch(/20% \| +1\.00 GB \/ +5\.00 GB/);
    // A minute later none of its connections is open: the wait that still runs is the file's.
    nowMs = 61_000;
    renderer.onEvent(bothFiles(4_000_000_000, 1_000_000_000));
    await sleep(40);
    expect(barOf(screen.lines())).toMatch(/\| waits 2 min 37 s for the Hub \(429\)$/);
    renderer.stop();
  });

  it('keeps the wait inside the terminal’s width, and says none for a dropped connection', async () => {
    vi.useFakeTimers();
    const { stream, screen } = screenStream(60);
    const renderer = createTtyRenderer({ stream, fps: 50, now: () => 0 });
    renderer.onEvent(planEvent());
    renderer.onEvent(bothFiles(2_000_000_000));
    renderer.onEvent(limited);
    renderer.onEvent(droppedRetry('model-00001-of-00002.safetensors', 1000));
    await sleep(40);
    const lines = screen.lines();
    expect(barOf(lines)).toMatch(/model-00002\.safetensors +0% \| waits 3 min 38 s \(429\)$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    // The dropped connection's file keeps its bar: no answer asked it to wait.
    expect(lines.find((line) => /model-00001\.safetensors +16%/.test(line))).toMatch(/ETA 1 min 52 s$/);
    renderer.stop();
  });
});
