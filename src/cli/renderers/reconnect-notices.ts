/**
 * Connections the engine re-opens on its own (`stall` and `retry` events), told without burying the screen:
 * a download over a flaky network re-opens dozens of connections and still succeeds. The first time a file
 * meets one kind of trouble, one line says what happened in words and what hubget does about it; the later
 * ones are counted, and the summary line says how many connections were re-established. A wait for the Hub
 * (src/progress/hub-wait.ts: a `429`, a `503`) is not counted among them: the Hub answered, nothing dropped, and
 * the summary says the wait itself (`waited 3 min 37 s for the Hub`); it read `4 connections re-established`
 * after four `503`s on a steady network. A retry that waits long (a server asking to be left alone for a while)
 * is said every time its file waits: nothing moves meanwhile. A retry after an answer that asks to retry (408,
 * 429, 5xx) is said as the file's wait for the Hub, in the words every face uses (src/format/retry-wait-words.ts):
 * the wait once, and what the engine does after it (`then one last try` when the wait outlasts the time it keeps
 * retrying, not `for up to 1 min` beside a 4 min wait). While other connections of the file are open (the event's
 * `connectionsOpen`) the file is fetching, not waiting (src/progress/file-waiting.ts): the notice says that one
 * connection reconnects, as the file's bar goes on showing bytes (bar-waits.ts). Failures that end the download are
 * not notices: the command's `error [CODE]` line reports them. `--json` prints every event regardless
 * (json-renderer.ts).
 */

import { colonAfter, thenDoes } from '../../format/path-punctuation.js';
import { retryForWords } from '../../format/retry-limit-words.js';
import { connectionWaitWords, retryWaitLine } from '../../format/retry-wait-words.js';
import { shellWord } from '../../format/shell-word.js';
import { formatDuration } from '../../format/units.js';
import { withoutRetryWhen } from '../../hub/retry-policy.js';
import { fileWaits } from '../../progress/file-waiting.js';
import { hubWaitStatus } from '../../progress/hub-wait.js';
import type { TransferEvent } from '../../progress/index.js';
import { retryCause, retryWhen } from './retry-words.js';

type EventOf<T extends TransferEvent['type']> = Extract<TransferEvent, { type: T }>;

/** A later retry that waits at least this long is said anyway: the screen would stand still that long. */
export const LONG_RETRY_WAIT_MS = 10_000;

export class ReconnectNotices {
  /** `path` + kind of trouble already said. */
  readonly #said = new Set<string>();
  #count = 0;

  /**
   * Connections re-established so far: each stall's replacement and each retry after a failure without an answer
   * that asks to retry (a dropped connection), said or not; not a wait for the Hub.
   */
  get count(): number {
    return this.#count;
  }

  /** The line to print for `event` now, or null (not a reconnect, or one that is only counted). */
  lineFor(event: TransferEvent): string | null {
    if (event.type === 'stall') return this.#stall(event);
    if (event.type === 'retry') return this.#retry(event);
    return null;
  }

  #stall(event: EventOf<'stall'>): string | null {
    this.#count++;
    if (!this.#firstOf(event.path, event.reason)) return null;
    return event.reason === 'no-data'
      ? colonAfter(
          `Notice: ${shellWord(event.path)}`,
          thenDoes(`no data for ${formatDuration(event.idleMs / 1000)}`, 'reconnecting'),
          true,
        )
      : colonAfter(`Notice: ${shellWord(event.path)}`, thenDoes('connection too slow', 'replacing it'), true);
  }

  #retry(event: EventOf<'retry'>): string | null {
    // The watchdog's replacement: its `stall` event was counted (and said) just before.
    if (event.error.code === 'STALLED') return null;
    const status = hubWaitStatus(event);
    if (status === undefined) this.#count++;
    // Its file waits only while none of its connections is open (file-waiting.ts): else its bytes still move.
    const waits = fileWaits(true, event.connectionsOpen ?? 0);
    // A connection's wait beside others open is another kind than its file's (said once each).
    const beside = status !== undefined && !waits;
    // A connection held by another request's 429 (`held`) is said apart from one answered 429 itself.
    const kind = `${event.error.code}${event.held ? ' held' : ''}`;
    const first = this.#firstOf(event.path, beside ? `${kind} beside others` : kind);
    if (!first && !(waits && event.delayMs >= LONG_RETRY_WAIT_MS)) return null;
    if (beside) return this.#connectionWaitLine(event, status);
    if (status !== undefined) return `Notice: ${this.#waitLine(event, status)}`;
    const cause = retryCause(event.error.code);
    // Under a time budget (--retry-for), how long hubget keeps at it: `; reconnecting in 3 s, for up to 1 min
    // without progress`; a count of tries is not said (the give-up is the error line).
    const when = `${retryWhen(event.delayMs)}${retryForWords(event.limit, event.attempt)}`;
    return colonAfter(
      `Notice: ${shellWord(event.path)}`,
      thenDoes(cause, `reconnecting ${when} (${event.error.message})`),
      true,
    );
  }

  /**
   * `a.bin waits 3 min 38 s for the Hub (429), then one last try (…)`; a `5xx`'s message follows in parentheses
   * (a mirror says why it cannot serve the file there), without the wait it may say; a `429`'s says nothing more.
   */
  #waitLine(event: EventOf<'retry'>, status: number): string {
    const { path, attempt, delayMs, limit } = event;
    const line = retryWaitLine({
      path,
      status,
      leftMs: delayMs,
      attempt,
      limit,
      lastTry: event.lastTry === true,
    });
    return status === 429 ? line : `${line} (${withoutRetryWhen(event.error.message)})`;
  }

  /**
   * `a.bin — the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as try 2 of 5
   * (…)`: the file is fetching, so its bar shows bytes, not this wait (bar-waits.ts); it read `a.bin waits 5 s for
   * the Hub (503)`. The try and the retries' limit as the file's wait says them (#waitLine).
   */
  #connectionWaitLine(event: EventOf<'retry'>, status: number): string {
    const { attempt, delayMs, limit } = event;
    const words = connectionWaitWords(
      { status, leftMs: delayMs, attempt, limit, lastTry: event.lastTry === true },
      event.connectionsOpen ?? 0,
      event.held === true,
    );
    const message = status === 429 ? '' : ` (${withoutRetryWhen(event.error.message)})`;
    return colonAfter(`Notice: ${shellWord(event.path)}`, `${words}${message}`, true);
  }

  /** True the first time this file meets this kind of trouble. */
  #firstOf(path: string, kind: string): boolean {
    const key = `${kind}\u0000${path}`;
    if (this.#said.has(key)) return false;
    this.#said.add(key);
    return true;
  }
}
