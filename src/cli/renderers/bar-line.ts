/**
 * One progress-bar line, fitted to the terminal width: `label [████░░░░]  49% | 5.88 GB / 12.00 GB | 45.2 MB/s |
 * ETA 2m 20s`; once every byte is on disk and the hash is being finished, `… | 12.00 GB / 12.00 GB | verifying`.
 */
import { formatBytes, formatDuration, formatSpeed } from '../../format/units.js';
import { VERIFYING_LABEL } from '../../progress/index.js';
import { formatPercent } from '../format-units.js';
import { usableColumns } from './terminal-width.js';

export interface BarLineInput {
  label: string;
  done: number;
  total: number;
  bytesPerSecond: number;
  /** Seconds, or null when unknown. */
  etaSeconds: number | null;
  /** Extra text after the ETA (e.g. `| 12/40 files`). */
  suffix?: string;
  /** Every byte is on disk, the hash and commit are running (isVerifying): no speed or ETA then. */
  verifying?: boolean;
}

const LABEL_WIDTH = 28;
const MIN_BAR_WIDTH = 10;
const MAX_BAR_WIDTH = 40;

export function formatBarLine(input: BarLineInput, terminalColumns: number): string {
  const maxWidth = usableColumns(terminalColumns);
  const label = fitLabel(input.label, LABEL_WIDTH).padEnd(LABEL_WIDTH);
  const percent = formatPercent(input.done, input.total).padStart(4);
  const bytes = `${formatBytes(input.done)} / ${formatBytes(input.total)}`;
  const details = input.verifying
    ? `${bytes} | ${VERIFYING_LABEL}`
    : [bytes, formatSpeed(input.bytesPerSecond).padStart(10), `ETA ${formatDuration(input.etaSeconds)}`].join(
        ' | ',
      );
  const tail = `${percent} | ${details}${input.suffix ?? ''}`;
  const barWidth = Math.min(MAX_BAR_WIDTH, maxWidth - label.length - tail.length - 4);
  if (barWidth < MIN_BAR_WIDTH) return `${label} ${tail}`.slice(0, Math.max(0, maxWidth));
  return `${label} [${drawBar(input.done, input.total, barWidth)}] ${tail}`;
}

/** Keeps the end of long names (`…-00001-of-00004.safetensors`), where shards differ. */
export function fitLabel(label: string, width: number): string {
  if (label.length <= width) return label;
  return `…${label.slice(label.length - (width - 1))}`;
}

function drawBar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
