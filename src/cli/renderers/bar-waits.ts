/**
 * The files of a download whose request waits for the Hub before its next try (a `retry` event of an answer
 * that asks to retry: a `429`'s Retry-After, a `5xx` backoff), for their bars: while the wait runs the file's
 * bar says it in place of its sizes, speed and ETA, counted down at each frame (`waits 3 min 37 s for the Hub
 * (429)`, src/format/retry-wait-words.ts), so a long wait is not a screen where nothing moves; and the piped
 * log's progress lines, every few seconds, name each file's wait (log-renderer.ts). A file's wait is said only while
 * none of its connections is open (src/progress/file-waiting.ts): one connection's `503` beside three receiving read
 * `waits 1 s for the Hub (503)` in place of the bytes they brought, until a progress event showed them. A wait ends
 * when its time is over or the file is done or failed; as the server's jobs do (src/jobs/retry-waits.ts).
 */
import { waitSubject, waitsWords } from '../../format/retry-wait-words.js';
import type { FileProgress } from '../../progress/events.js';
import { OpenConnections } from '../../progress/file-waiting.js';
import { hubWaitStatus } from '../../progress/hub-wait.js';
import type { TransferEvent } from '../../progress/index.js';

type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;

export class BarWaits {
  readonly #byPath = new Map<string, { status: number; untilMs: number }>();
  /** Each file's connections open, as the events tell them: a file with one open is not waiting. */
  readonly #open = new OpenConnections();

  constructor(private readonly now: () => number) {}

  /** A retry event; true when it is a wait for the Hub (an answer's status asks to retry). */
  note(event: RetryEvent): boolean {
    const status = hubWaitStatus(event);
    if (event.path === '' || status === undefined) return false;
    this.#open.retry(event);
    this.#byPath.set(event.path, { status, untilMs: this.now() + event.delayMs });
    return true;
  }

  /** A progress event's files, with their connections open. */
  progress(files: readonly FileProgress[]): void {
    this.#open.progress(files);
  }

  drop(path: string): void {
    this.#byPath.delete(path);
    this.#open.drop(path);
  }

  /** `waits 3 min 37 s for the Hub (429)` (`short`: `waits 3 min 37 s (429)`) while the file's wait runs, else undefined. */
  words(path: string, short = false): string | undefined {
    const wait = this.#byPath.get(path);
    if (wait === undefined) return undefined;
    const leftMs = wait.untilMs - this.now();
    if (leftMs <= 0) {
      this.#byPath.delete(path);
      return undefined;
    }
    if (!this.#open.waits(path, true)) return undefined;
    return waitsWords({ status: wait.status, leftMs }, short);
  }

  /**
   * `a.bin waits 3 min 37 s for the Hub (429)` for each file whose wait runs, named as the wait's notice names it
   * (quoted with a space: `'my model.bin' waits …`): the piped log's progress lines.
   */
  lines(): string[] {
    return [...this.#byPath.keys()].flatMap((path) => {
      const words = this.words(path);
      return words === undefined ? [] : [`${waitSubject(path)} ${words}`];
    });
  }
}
