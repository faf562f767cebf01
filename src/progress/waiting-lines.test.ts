import { describe, expect, it } from 'vitest';
import { type WaitingEvent, waitingLines } from './waiting-lines.js';

const waiting = (path: string, size: number, pid = 4242, hostname = 'here'): WaitingEvent => ({
  type: 'file-waiting',
  path,
  size,
  owner: { pid, hostname },
});

describe('waitingLines', () => {
  it('says one line per download waited for: the file, or how many and how much; the host when it is another', () => {
    expect(
      waitingLines(
        [
          waiting('model.safetensors', 5e9),
          waiting('a.bin', 1_000_000, 7, 'build-2'),
          waiting('b.bin', 2_000_000, 7, 'build-2'),
        ],
        'here',
      ),
    ).toEqual([
      'Waiting for another download of model.safetensors (pid 4242)',
      'Waiting for another download of 2 files, 3.00 MB (pid 7 on build-2)',
    ]);
  });

  it('shows control characters of a hostile file name as escapes', () => {
    expect(waitingLines([waiting('evil\u001b]0;x\u0007.bin', 1)], 'here')).toEqual([
      'Waiting for another download of evil\\x1b]0;x\\x07.bin (pid 4242)',
    ]);
  });
});
