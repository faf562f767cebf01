/**
 * The mirror's counters across restarts (docs/mirror.md, counters): read at start from a JSON file in the data
 * dir (`mirror-counters.json`, beside the mirror's other records), written whole (replace-file.ts) every
 * MIRROR_COUNTERS_SAVE_MS while they change, and at close. A crash loses at most the last interval's counts.
 * A missing file (first start) or one that does not read as counters starts from zero; so does each field
 * that is not a whole number of 0 or more.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';
import { MIRROR_RESULTS, type MirrorCounters, type MirrorStats } from './mirror-stats.js';

/** How often changed counters are written: what a crash can lose. */
export const MIRROR_COUNTERS_SAVE_MS = 30_000;

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** The counters a file holds, each unreadable field 0. */
export function parseMirrorCounters(text: string): MirrorCounters {
  const data = JSON.parse(text) as Partial<Record<keyof MirrorCounters, unknown>>;
  const requests = (data.requests ?? {}) as Record<string, unknown>;
  return {
    requests: Object.fromEntries(
      MIRROR_RESULTS.map((result) => [result, count(requests[result])]),
    ) as MirrorCounters['requests'],
    bytesServed: count(data.bytesServed),
    bytesFromCache: count(data.bytesFromCache),
    bytesUpstream: count(data.bytesUpstream),
  };
}

export class MirrorCountersFile {
  readonly #path: string;
  readonly #stats: MirrorStats;
  readonly #saveEveryMs: number;
  #timer: NodeJS.Timeout | undefined;
  /** What the file holds now (as written or read), so unchanged counters are not written again. */
  #written = '';
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string, stats: MirrorStats, saveEveryMs = MIRROR_COUNTERS_SAVE_MS) {
    this.#path = path;
    this.#stats = stats;
    this.#saveEveryMs = saveEveryMs;
  }

  /** Adds the kept counters to the stats, then writes changes every interval until close(). */
  async start(): Promise<void> {
    try {
      this.#stats.restore(parseMirrorCounters(await readFile(this.#path, 'utf8')));
    } catch {
      // First start, or a file that is not counters: from zero.
    }
    this.#written = JSON.stringify(this.#stats.counters());
    this.#timer = setInterval(() => void this.save(), this.#saveEveryMs).unref();
  }

  /** Writes the counters if they changed since the last write; a failed write is tried again next time. */
  save(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      const text = JSON.stringify(this.#stats.counters());
      if (text === this.#written) return;
      try {
        await makeDirectory(dirname(this.#path));
        await replaceFile(this.#path, text);
        this.#written = text;
      } catch {
        // A full or read-only disk: the counts stay in memory and the next save tries again.
      }
    });
    return this.#writing;
  }

  /** Stops the interval and writes the last counts (the server's close). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.save();
  }
}
