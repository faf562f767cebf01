/**
 * `hubget verify`'s bar on a terminal (stderr): the place being read, bytes hashed of all there is to hash, the speed
 * and the time left; once nothing has been read for a while (src/format/verify-quiet.ts), that instead of a speed and a
 * time left that only decay: a disk that stopped answering shows as such.
 */
import cliProgress from 'cli-progress';
import { formatBytes, formatEta, formatSpeed } from '../format/units.js';
import { nothingReadFor } from '../format/verify-quiet.js';
import type { CliIo } from './cli-io.js';
import { usableColumns } from './renderers/terminal-width.js';

export interface VerifyBarState {
  /** Bytes hashed, of `total`. */
  done: number;
  total: number;
  startedMs: number;
  /** When bytes were last read (startedMs before the first). */
  readMs: number;
}

/** `1.20 GB / 4.30 GB | 1.1 GB/s | ETA 3 s`, or `1.20 GB / 4.30 GB | Nothing read for 25 s`. */
export function verifyBarFigures(state: VerifyBarState, nowMs: number): string {
  const hashed = `${formatBytes(state.done)} / ${formatBytes(state.total)}`;
  const quiet = nothingReadFor(nowMs - state.readMs);
  if (quiet !== null) return `${hashed} | ${quiet}`;
  const seconds = (nowMs - state.startedMs) / 1000;
  const speed = seconds > 0.25 ? state.done / seconds : null;
  const eta = speed ? (state.total - state.done) / speed : null;
  return `${hashed} | ${formatSpeed(speed)} | ${formatEta(eta)}`;
}

/** The bar over every byte to hash, redrawn 5 times a second. */
export function progressBar(io: CliIo, total: number) {
  const state: VerifyBarState = { done: 0, total, startedMs: Date.now(), readMs: Date.now() };
  let label = '';
  const bar = new cliProgress.SingleBar({
    stream: io.stderr,
    fps: 5,
    hideCursor: true,
    clearOnComplete: true,
    gracefulExit: false,
    format: (_options, params) => {
      const figures = verifyBarFigures({ ...state, done: params.value, total: params.total }, Date.now());
      // The bar takes what the words leave of the line, 10 to 30 cells.
      const words = `Verifying ${label} [] ${figures}`.length;
      const width = Math.max(10, Math.min(30, usableColumns(io.stderr.columns) - words - 1));
      const filled = params.total > 0 ? Math.round((params.value / params.total) * width) : width;
      return `Verifying ${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${figures}`;
    },
  });
  bar.start(total, 0);
  return {
    label: (text: string) => {
      label = text;
    },
    add: (bytes: number) => {
      state.done += bytes;
      state.readMs = Date.now();
      bar.update(state.done);
    },
    pause: () => bar.stop(),
    // Paused for the repair's download: its time was no quiet of the disk.
    resume: () => {
      state.readMs = Date.now();
      bar.start(total, state.done);
    },
    stop: () => bar.stop(),
  };
}
