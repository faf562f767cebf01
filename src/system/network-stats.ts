/**
 * Live network throughput from Linux `/proc/net/dev` (docs/network-stats.md).
 * The machine-wide interface counters are shown beside hubget's own counted speed, so a user can see
 * whether something else is using the link. Reading the file is cheap (a few hundred bytes from procfs),
 * so `sample()` is synchronous.
 */
import { readFileSync } from 'node:fs';
import type { InterfaceStats, NetworkHistory, NetworkStats } from '../api-types.js';
import { DEFAULT_NETWORK_HISTORY_SECONDS, DEFAULT_NETWORK_INTERVAL_MS } from '../defaults.js';
import { Listeners } from '../listeners.js';
import { RingBuffer } from './ring-buffer.js';

export interface ProcNetDevEntry {
  name: string;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

/**
 * Parse the text of `/proc/net/dev`: two header lines, then `name: 16 counters` per interface
 * (8 receive, 8 transmit). Long counters may touch the colon (`eth0:1234`), so the split is on the
 * first colon, not on whitespace. Lines that do not fit are skipped rather than failing the whole read.
 */
export function parseProcNetDev(text: string): ProcNetDevEntry[] {
  const entries: ProcNetDevEntry[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    // Header lines contain `|` and no colon-separated interface name.
    if (colon <= 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    if (name === '') continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (fields.length < 10) continue;
    const numbers = fields.map(Number);
    if (numbers.some((n) => !Number.isFinite(n) || n < 0)) continue;
    entries.push({
      name,
      rxBytes: numbers[0]!,
      rxPackets: numbers[1]!,
      txBytes: numbers[8]!,
      txPackets: numbers[9]!,
    });
  }
  return entries;
}

export interface NetworkMonitorOptions {
  /** @default '/proc/net/dev' */
  procPath?: string;
  /** How much history `history()` keeps, in seconds of samples. @default DEFAULT_NETWORK_HISTORY_SECONDS */
  historySeconds?: number;
  /** Interfaces left out of the totals (loopback traffic never crosses the network). @default ['lo'] */
  excludeInterfaces?: string[];
  /** Clock in Unix ms, injectable for tests. @default Date.now */
  now?: () => number;
  /** hubget's own download speed in bytes/s (the jobs service supplies it). @default () => 0 */
  hubgetRate?: () => number;
}

export interface NetworkMonitor {
  /** Read the counters now and return rates since the previous reading (zero on the first one). */
  sample(): NetworkStats;
  /** The last sample taken, or null before the first. */
  latest(): NetworkStats | null;
  /** Samples of the last `historySeconds`, oldest first. */
  history(): NetworkHistory;
  /** Sample every `intervalMs` (timer unref'd so it never keeps the process alive). */
  start(intervalMs?: number): void;
  stop(): void;
  setHubgetRate(rate: () => number): void;
  /** Called after every sample (e.g. to push an SSE `network` event). Returns an unsubscribe function. */
  onSample(listener: (stats: NetworkStats) => void): () => void;
}

interface Reading {
  t: number;
  counters: Map<string, ProcNetDevEntry>;
}

/** Rate from two counter readings; a counter that went down (wrap, interface reset) counts as no traffic. */
function ratePerSecond(current: number, previous: number | undefined, elapsedMs: number): number {
  if (previous === undefined || elapsedMs <= 0 || current < previous) return 0;
  return ((current - previous) * 1000) / elapsedMs;
}

export function createNetworkMonitor(options: NetworkMonitorOptions = {}): NetworkMonitor {
  const procPath = options.procPath ?? '/proc/net/dev';
  const historySeconds = options.historySeconds ?? DEFAULT_NETWORK_HISTORY_SECONDS;
  const excluded = new Set(options.excludeInterfaces ?? ['lo']);
  const now = options.now ?? Date.now;
  let hubgetRate = options.hubgetRate ?? (() => 0);
  let history = new RingBuffer<NetworkHistory['samples'][number]>(Math.max(1, Math.ceil(historySeconds)));
  let previous: Reading | null = null;
  let last: NetworkStats | null = null;
  let timer: NodeJS.Timeout | null = null;
  // A faulty subscriber must not stop the sampling loop: Listeners isolates each.
  const listeners = new Listeners<[NetworkStats]>();

  function readHubgetRate(): number {
    try {
      const value = hubgetRate();
      return Number.isFinite(value) && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  function unsupported(t: number, reason: string): NetworkStats {
    return {
      supported: false,
      reason,
      t,
      rxBytesPerSecond: 0,
      txBytesPerSecond: 0,
      interfaces: [],
      hubgetBytesPerSecond: readHubgetRate(),
    };
  }

  function read(t: number): NetworkStats {
    let text: string;
    try {
      text = readFileSync(procPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? `${procPath} does not exist (network statistics need Linux procfs; platform is ${process.platform})`
          : `cannot read ${procPath}: ${code ?? String(error)}`;
      previous = null;
      return unsupported(t, reason);
    }
    const entries = parseProcNetDev(text);
    if (entries.length === 0) {
      previous = null;
      return unsupported(t, `${procPath} lists no network interfaces`);
    }
    const elapsedMs = previous ? t - previous.t : 0;
    const interfaces: InterfaceStats[] = [];
    let rxBytesPerSecond = 0;
    let txBytesPerSecond = 0;
    for (const entry of entries) {
      const before = previous?.counters.get(entry.name);
      const stats: InterfaceStats = {
        name: entry.name,
        rxBytes: entry.rxBytes,
        txBytes: entry.txBytes,
        rxBytesPerSecond: ratePerSecond(entry.rxBytes, before?.rxBytes, elapsedMs),
        txBytesPerSecond: ratePerSecond(entry.txBytes, before?.txBytes, elapsedMs),
      };
      interfaces.push(stats);
      if (excluded.has(entry.name)) continue;
      rxBytesPerSecond += stats.rxBytesPerSecond;
      txBytesPerSecond += stats.txBytesPerSecond;
    }
    previous = { t, counters: new Map(entries.map((entry) => [entry.name, entry])) };
    return {
      supported: true,
      t,
      rxBytesPerSecond,
      txBytesPerSecond,
      interfaces,
      hubgetBytesPerSecond: readHubgetRate(),
    };
  }

  function sample(): NetworkStats {
    const stats = read(now());
    last = stats;
    history.push({
      t: stats.t,
      rxBytesPerSecond: stats.rxBytesPerSecond,
      txBytesPerSecond: stats.txBytesPerSecond,
      hubgetBytesPerSecond: stats.hubgetBytesPerSecond,
    });
    listeners.emit(stats);
    return stats;
  }

  return {
    sample,
    latest: () => last,
    history: () => ({ samples: history.toArray() }),
    start(intervalMs = DEFAULT_NETWORK_INTERVAL_MS) {
      if (timer) return;
      if (!(intervalMs > 0)) throw new RangeError('intervalMs must be > 0');
      const capacity = Math.max(1, Math.ceil((historySeconds * 1000) / intervalMs));
      if (capacity !== history.capacity) history = RingBuffer.from(history.toArray(), capacity);
      sample();
      timer = setInterval(sample, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    setHubgetRate(rate) {
      hubgetRate = rate;
    },
    onSample(listener) {
      return listeners.add(listener);
    },
  };
}
