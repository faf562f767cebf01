/**
 * One progress-bar line in the layout of the download (bar-layout.ts): `Total 1/3 files [████░░░░]  49% |
 * 5.88 GB / 12.00 GB | 45.2 MB/s | ETA 2 min 20 s | 8 conns · CPU-bound` (the connections: the total's bar
 * only, while any is open); once every byte is on disk and the hash is being
 * finished, `… | 12.00 GB / 12.00 GB | verifying`; for a file another download is fetching, `… | 45.2 MB/s |
 * other download`; for a file whose request waits for the Hub, `…  0% | waits 3 min 37 s for the Hub (429)` in
 * place of its sizes, speed and ETA (bar-waits.ts). Every part has its reserved width, so a line keeps its
 * shape from frame to frame and the lines of one download keep their columns.
 */
import { connectionsLabel, showsConnections } from '../../format/connections-label.js';
import { printableLine } from '../../format/printable.js';
import { shellWord, singleQuoted } from '../../format/shell-word.js';
import { formatBytes, formatEta, formatSpeed } from '../../format/units.js';
import type { ConnectionsReason } from '../../progress/connections-reason.js';
import { VERIFYING_LABEL } from '../../progress/index.js';
import { cutText } from '../format-table.js';
import { formatPercent } from '../format-units.js';
import { type BarLayout, ETA_WIDTH, PERCENT_WIDTH, SEPARATOR, SPEED_WIDTH } from './bar-layout.js';
import { displayWidth } from './terminal-width.js';

export interface BarLineInput {
  /** The total's label (`Total`); a file's bar is labelled by its `path` instead. */
  label?: string;
  /** A file's bar: the file's path, its label (fileLabel: under the total's, quoted as the CLI quotes paths). */
  path?: string;
  /** Files finished and selected (the total bar): said after the label, as far as the name column allows. */
  files?: { done: number; total: number };
  done: number;
  total: number;
  bytesPerSecond: number;
  /** Seconds, or null when unknown. */
  etaSeconds: number | null;
  /** Every byte is on disk, the hash and commit are running (isVerifying): no speed or ETA then. */
  verifying?: boolean;
  /**
   * Another download is fetching the file and this one waits for it (`waitingFiles`): the bar shows that
   * download's bytes on disk and their rate, with OTHER_DOWNLOAD_LABEL where the ETA goes.
   */
  otherDownload?: boolean;
  /**
   * The file's request waits for the Hub (bar-waits.ts): its words take the room of the sizes, speed and ETA
   * (nothing moves meanwhile), the short ones where the others do not fit, cut to it.
   */
  waiting?: (short: boolean) => string;
  /** The download's connections open and why (the total's bar): shown while any is open (showsConnections). */
  connections?: { count: number; reason: ConnectionsReason | undefined };
}

/** In place of the ETA on the bar of a file another download is fetching (fits ETA_WIDTH). */
const OTHER_DOWNLOAD_LABEL = 'other download';

export function formatBarLine(input: BarLineInput, layout: BarLayout): string {
  const width = layout.labelWidth;
  const fitted =
    input.path !== undefined ? fitFileLabel(input.path, width) : fitLabel(labelOf(input, width), width);
  const label = padToWidth(fitted, width);
  const parts = [formatPercent(input.done, input.total).padStart(PERCENT_WIDTH)];
  if (input.waiting !== undefined) {
    const room = waitingRoom(layout);
    const words = input.waiting(false);
    const fitting = displayWidth(words) <= room ? words : input.waiting(true);
    if (room > 0) parts.push(cutText(fitting, room, 'end', displayWidth));
  } else if (layout.sizeWidth > 0) {
    const size = (bytes: number) => formatBytes(bytes).padStart(layout.sizeWidth);
    parts.push(`${size(input.done)} / ${size(input.total)}`);
  }
  if (input.waiting !== undefined) {
    // Said above, in place of the sizes, speed and ETA.
  } else if (input.verifying) {
    if (layout.speed) parts.push(VERIFYING_LABEL);
  } else {
    if (layout.speed) parts.push(formatSpeed(input.bytesPerSecond).padStart(SPEED_WIDTH));
    if (layout.eta) parts.push(input.otherDownload ? OTHER_DOWNLOAD_LABEL : formatEta(input.etaSeconds));
  }
  const connections = input.connections;
  if (layout.connections && connections && showsConnections(connections.count, connections.reason))
    parts.push(connectionsLabel(connections.count, connections.reason));
  const graph = layout.barWidth > 0 ? ` [${drawBar(input.done, input.total, layout.barWidth)}] ` : ' ';
  return `${label}${graph}${parts.join(SEPARATOR)}`;
}

/** Columns of the sizes, speed and ETA the layout reserves, less one separator: what a wait's words may take. */
function waitingRoom(layout: BarLayout): number {
  const sizes = layout.sizeWidth > 0 ? SEPARATOR.length + 2 * layout.sizeWidth + ' / '.length : 0;
  const speed = layout.speed ? SEPARATOR.length + SPEED_WIDTH : 0;
  const eta = layout.eta ? SEPARATOR.length + ETA_WIDTH : 0;
  return sizes + speed + eta - SEPARATOR.length;
}

/**
 * The label with the file count when the name column has room for it at its widest (`12/12 files`, so it
 * does not come and go as files finish): `Total 1/3 files`, else `Total 1/3`, else `Total`.
 */
function labelOf(input: BarLineInput, width: number): string {
  const label = input.label ?? '';
  if (input.files === undefined) return label;
  const { done, total } = input.files;
  const forms = [(n: number) => `${label} ${n}/${total} files`, (n: number) => `${label} ${n}/${total}`];
  const fitting = forms.find((form) => displayWidth(form(total)) <= width);
  return fitting === undefined ? label : fitting(done);
}

/** Columns the label takes at its widest (with the file count, all files done), for the layout. */
export function widestLabelWidth(input: Pick<BarLineInput, 'label' | 'files' | 'path'>): number {
  if (input.path !== undefined) return displayWidth(fileLabel(input.path));
  const label = input.label ?? '';
  const files = input.files;
  return displayWidth(files === undefined ? label : `${label} ${files.total}/${files.total} files`);
}

/** Before a file's name: its bar is indented under the total's. */
const FILE_INDENT = '  ';

/**
 * A file's bar label: its path indented, in quotes when it holds a space or a character a shell treats specially
 * (shellWord, as every path the CLI prints for a person): bare, `  my model.bin  50%` read as two names, or a
 * name and a figure.
 */
export function fileLabel(path: string): string {
  return `${FILE_INDENT}${shellWord(printableLine(path))}`;
}

/**
 * A file's label in `width` columns (fileLabel, fitLabel's cut): a quoted name is cut inside its quotes and quoted
 * again, `'…del dir/my model.bin'`, not cut with them, `…del dir/my model.bin'`: the quotes mark where the name
 * begins and ends beside the figures, and a lone closing quote read as a character of the name. Its cut part is
 * quoted whether or not it still holds the space: the name does.
 */
export function fitFileLabel(path: string, width: number): string {
  const name = printableLine(path);
  const label = fileLabel(path);
  if (displayWidth(label) <= width || shellWord(name) === name) return fitLabel(label, width);
  // The quotes take 2 columns, each quote inside 3 more (`'\''`): the name gives up columns until it fits.
  for (let room = width - 2; room > 0; room--) {
    const quoted = singleQuoted(fitLabel(name, room));
    if (displayWidth(quoted) <= width) return quoted;
  }
  return fitLabel(label, width);
}

/**
 * Keeps the end of long names (`…-00001-of-00004.safetensors`), where shards differ; display columns. A shard
 * name whose cut would take its index loses its `-of-00004` instead (the same on every shard's bar), so at 40
 * columns the bars read `…-00001.safetensors`, not three times `…-of-00003.safetensors`.
 */
export function fitLabel(label: string, width: number): string {
  const cut = keepEnd(label, width);
  const shard = SHARD_COUNT.exec(label);
  // The cut took the shard's index: without the count, the index fits.
  if (shard && !cut.includes(shard[0].slice(1))) return keepEnd(label.replace(SHARD_COUNT, '$1'), width);
  return cut;
}

/** The end of `label` in `width` display columns (`…` in front where it was cut). */
function keepEnd(label: string, width: number): string {
  return cutText(label, width, 'start', displayWidth);
}

/** `-00001-of-00004` in a shard's name: the index is kept, the count (every shard's) may go. */
const SHARD_COUNT = /(-\d{3,})-of-\d{3,}(?=\.|$)/;

function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function drawBar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
