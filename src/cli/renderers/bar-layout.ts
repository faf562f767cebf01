/**
 * Which parts of a progress-bar line fit the terminal, and how wide each is: one layout for every bar of a
 * download, chosen from the terminal's width and what the download holds (its longest name, its total size),
 * never from the numbers of the moment, so no part comes and goes between frames and the columns of the
 * total bar and the file bars line up.
 *
 * What gives way first when the terminal is narrow: the connections open and why (`8 conns · CPU-bound`, the
 * total's bar only), then the name column shrinks (long names keep their end), then the bar graph goes, then
 * the sizes, then the ETA, then the speed; the percent stays. Speed and ETA say when the download ends, which
 * the graph and the sizes only repeat less precisely.
 */
import { connectionsLabel } from '../../format/connections-label.js';
import { formatBytes } from '../../format/units.js';
import { CONNECTIONS_REASONS } from '../../progress/connections-reason.js';
import { usableColumns } from './terminal-width.js';

/** What the download holds that decides the widths (constant for a run). */
export interface BarContent {
  /** Display width of the longest label, file names and the total's label included. */
  longestLabel: number;
  /** Size of the largest bar (the total's): reserves the width of the sizes. */
  largestTotal: number;
}

export interface BarLayout {
  /** Columns of the name column (labels are shortened or padded to it). */
  labelWidth: number;
  /** Columns of the bar graph between its brackets; 0 = no graph. */
  barWidth: number;
  /** Columns of one size (`125.83 MB`) in `done / total`; 0 = no sizes. */
  sizeWidth: number;
  speed: boolean;
  eta: boolean;
  /** The total's bar ends with the connections open and why. */
  connections: boolean;
}

/** A name column wider than this only pads: the end of a long name is what tells shards apart. */
export const MAX_LABEL_WIDTH = 28;
/** The name column shrinks to this before anything else gives way. */
export const MIN_LABEL_WIDTH = 12;
const MIN_BAR_WIDTH = 10;
const MAX_BAR_WIDTH = 40;
/** `100%`. */
export const PERCENT_WIDTH = 4;
/** `99.9 MB/s`: formatSpeed keeps three significant digits. */
export const SPEED_WIDTH = 9;
/** `ETA 47 h 59 min`: the longest ETA below the week beyond which it is unknown (src/progress/eta.ts). */
export const ETA_WIDTH = 15;
/** `100 conns · default cap`: the widest reason after a three-digit count. */
export const CONNECTIONS_WIDTH = Math.max(
  ...CONNECTIONS_REASONS.map((reason) => connectionsLabel(100, reason).length),
);
export const SEPARATOR = ' | ';
/** Between the name column and the graph (` [`) and after the graph (`] `). */
const BAR_FRAME_WIDTH = 4;

/** The widest a size of at most `bytes` prints: `999.99 kB` can be wider than the total, `1.00 MB`. */
function sizeWidthFor(bytes: number): number {
  const own = formatBytes(bytes).length;
  return bytes >= 1000 ? Math.max(own, formatBytes(999_990).length) : own;
}

interface Parts {
  graph: boolean;
  sizes: boolean;
  speed: boolean;
  eta: boolean;
  connections: boolean;
}

/** From the richest line to the barest, in the order things give way (see the file comment). */
const CHOICES: readonly Parts[] = [
  { graph: true, sizes: true, speed: true, eta: true, connections: true },
  { graph: true, sizes: true, speed: true, eta: true, connections: false },
  { graph: false, sizes: true, speed: true, eta: true, connections: false },
  { graph: false, sizes: false, speed: true, eta: true, connections: false },
  { graph: false, sizes: false, speed: true, eta: false, connections: false },
  { graph: false, sizes: false, speed: false, eta: false, connections: false },
];

/** Columns of everything after the name column but the graph (percent, sizes, speed, ETA). */
function tailWidth(parts: Parts, sizeWidth: number): number {
  return (
    PERCENT_WIDTH +
    (parts.sizes ? SEPARATOR.length + 2 * sizeWidth + ' / '.length : 0) +
    (parts.speed ? SEPARATOR.length + SPEED_WIDTH : 0) +
    (parts.eta ? SEPARATOR.length + ETA_WIDTH : 0) +
    (parts.connections ? SEPARATOR.length + CONNECTIONS_WIDTH : 0)
  );
}

export function chooseBarLayout(terminalColumns: number | undefined, content: BarContent): BarLayout {
  const width = usableColumns(terminalColumns);
  const preferredLabel = Math.min(MAX_LABEL_WIDTH, content.longestLabel);
  const minLabel = Math.min(MIN_LABEL_WIDTH, preferredLabel);
  const sizeWidth = sizeWidthFor(content.largestTotal);
  for (const parts of CHOICES) {
    const frame = parts.graph ? BAR_FRAME_WIDTH + MIN_BAR_WIDTH : 1;
    let spare = width - minLabel - frame - tailWidth(parts, sizeWidth);
    if (spare < 0) continue;
    // The connections give way before the name column gives up a column.
    if (parts.connections && spare < preferredLabel - minLabel) continue;
    // The name column takes its room back first, then the graph grows.
    const labelGrowth = Math.min(spare, preferredLabel - minLabel);
    spare -= labelGrowth;
    return {
      labelWidth: minLabel + labelGrowth,
      barWidth: parts.graph ? Math.min(MAX_BAR_WIDTH, MIN_BAR_WIDTH + spare) : 0,
      sizeWidth: parts.sizes ? sizeWidth : 0,
      speed: parts.speed,
      eta: parts.eta,
      connections: parts.connections,
    };
  }
  // Narrower than a short name and a percent: the name takes what is left.
  return {
    labelWidth: Math.max(1, width - 1 - PERCENT_WIDTH),
    barWidth: 0,
    sizeWidth: 0,
    speed: false,
    eta: false,
    connections: false,
  };
}
