/**
 * Which temp files in the folder of one of hubget's unfinished jobs (the `isOwnTempFile` callback: queued,
 * running, paused) another program writes (docs/external-downloads.md, "hubget downloads of other processes").
 * A job's run writes only the files it claimed (docs/cache-layout.md, "One writer per file"), so a file there
 * that no live run claims is written by nobody hubget runs: a paused or queued job's file stays as it is. One
 * that changes between two scans (size, allocated size or mtime) is another program's download — Python's
 * huggingface_hub fetching the repo into the same place while the job is paused — and is shown from then on,
 * for as long as it lasts, stalls included. A file seen for the first time is not shown yet: nothing tells a
 * job's own file from another program's before it has had a scan's time to grow. Unless the scan before showed
 * it: a job started into the folder of another program's download makes its files named, and they stay shown
 * (they were hidden for a scan, their download ended and started over).
 */
import type { Stats } from 'node:fs';

/** What the last scan saw of such a file. */
export interface OwnFolderSighting {
  fingerprint: string;
  /** Another program's: seen changing once, or shown by a scan (before a job's folder held it). */
  another: boolean;
}

/** Path → sighting, kept by the caller across scans. */
export type OwnFolderMemo = Map<string, OwnFolderSighting>;

function fingerprintOf(stats: Pick<Stats, 'size' | 'blocks' | 'mtimeMs'>): string {
  return `${stats.size}:${stats.blocks}:${stats.mtimeMs}`;
}

/** One scan's view of the memo: files not seen in this scan are forgotten by `prune`. */
export class ScanOwnFolderFiles {
  readonly #memo: OwnFolderMemo;
  readonly #seen = new Set<string>();

  constructor(memo: OwnFolderMemo) {
    this.#memo = memo;
  }

  /**
   * Whether the unclaimed file at `path` in a job's folder is another program's download: it changed since the
   * last scan saw it, or did so before, or a scan showed it. Records this sighting.
   */
  writtenByAnother(path: string, stats: Pick<Stats, 'size' | 'blocks' | 'mtimeMs'>): boolean {
    this.#seen.add(path);
    const fingerprint = fingerprintOf(stats);
    const before = this.#memo.get(path);
    const another = before !== undefined && (before.another || before.fingerprint !== fingerprint);
    this.#memo.set(path, { fingerprint, another });
    return another;
  }

  /** Records a file this scan shows as another program's: should a job's folder come to hold it, it stays so. */
  shown(path: string, stats: Pick<Stats, 'size' | 'blocks' | 'mtimeMs'>): void {
    this.#seen.add(path);
    this.#memo.set(path, { fingerprint: fingerprintOf(stats), another: true });
  }

  /**
   * Forgets the files this scan did not see as such (gone, or claimed by a live run meanwhile: a job that ran
   * again writes its file, and once it pauses the file starts over as unchanging).
   */
  prune(): void {
    for (const path of this.#memo.keys()) if (!this.#seen.has(path)) this.#memo.delete(path);
  }
}
