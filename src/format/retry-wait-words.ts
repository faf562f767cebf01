/**
 * A request that waits before its next try because the Hub (or its CDN) answered 408, 429 or 5xx, in one wording
 * for every face: the web UI's line under a job (JobView.waits), the CLI's notice when the wait begins and its
 * bar while the wait runs; a wait of one connection beside others of its file that are open, as that connection
 * reconnecting (connectionWaitWords). `a.bin waits 3 min 37 s for the Hub (429), then try 2, for up to 5 min without
 * progress`: the wait is said once, counted down where it is shown live, and what follows it is what the
 * engine will do: a wait the server asks can outlast the time hubget keeps retrying (`--retry-for`, the server's
 * 5 min), and then the try after it is the last (`lastTry`, src/hub/retry-policy.ts nextTryIsLast).
 */
import type { RetryLimit } from '../hub/retry-policy.js';
import { thenDoes } from './path-punctuation.js';
import { printableLine } from './printable.js';
import { budgetWords, nextTryWords, retryForWords } from './retry-limit-words.js';
import { shellWord } from './shell-word.js';
import { formatDuration } from './units.js';

export interface RetryWait {
  /** The file; '' for a Hub call of the listing. */
  path: string;
  /** The answer that asks to retry: 429, 503… */
  status: number;
  /** Milliseconds until the next try. */
  leftMs: number;
  /** Failed tries so far (the next is attempt + 1). */
  attempt: number;
  limit: RetryLimit | null | undefined;
  /** The next try is the last one if it fails too. */
  lastTry: boolean;
}

/** What waits: the file (quoted with a space: shell-word.ts), or `The listing` for the Hub calls before the plan. */
export function waitSubject(path: string): string {
  return path === '' ? 'The listing' : shellWord(printableLine(path));
}

/** Whole seconds left, rounded up: a wait that still runs never reads `0 s`. */
export function waitSecondsLeft(leftMs: number): number {
  return Math.max(0, Math.ceil(leftMs / 1000));
}

/**
 * `waits 3 min 37 s for the Hub (429)`: the wait alone, as a file's bar says it beside its name; `short`, where
 * that does not fit (a narrow terminal's bar), `waits 3 min 37 s (429)`.
 */
export function waitsWords(wait: Pick<RetryWait, 'status' | 'leftMs'>, short = false): string {
  const left = formatDuration(waitSecondsLeft(wait.leftMs));
  return short ? `waits ${left} (${wait.status})` : `waits ${left} for the Hub (${wait.status})`;
}

/**
 * The try the wait leads to, and the limit of the retries: `try 2 of 5`, `try 2, for up to 5 min without
 * progress`, or, when it is the last under a time budget, `one last try (the 1 min of retries without progress is
 * over by then)` instead of a budget the wait already outlasts. One rule for a file's wait (afterWaitWords) and one
 * connection's (connectionWaitWords).
 */
export function tryAfterWaitWords(wait: Pick<RetryWait, 'attempt' | 'limit' | 'lastTry'>): string {
  const { attempt, limit } = wait;
  if (wait.lastTry && limit != null && 'forMs' in limit) return lastTryWords(limit.forMs);
  return `${nextTryWords(attempt, limit)}${retryForWords(limit, attempt)}`;
}

/** What follows a file's wait: `then try 2 of 5`, `then one last try (…)` (tryAfterWaitWords). */
export function afterWaitWords(wait: Pick<RetryWait, 'attempt' | 'limit' | 'lastTry'>): string {
  return `then ${tryAfterWaitWords(wait)}`;
}

/** `one last try (the 1 min of retries without progress is over by then)`: a time budget `forMs` the wait outlasts. */
export function lastTryWords(forMs: number): string {
  return `one last try (the ${budgetWords(forMs)} of retries without progress is over by then)`;
}

/** `a.bin waits 3 min 37 s for the Hub (429), then try 2, for up to 5 min without progress`. */
export function retryWaitLine(wait: RetryWait): string {
  return `${waitSubject(wait.path)} ${waitsWords(wait)}, ${afterWaitWords(wait)}`;
}

/**
 * `the Hub answered 503 on one connection; reconnecting it in 5 s while 3 others fetch, as try 2 of 5`: the wait of
 * one connection while `othersOpen` others of its file are open, which is no wait of the file
 * (src/progress/file-waiting.ts: it is fetching), said as that connection reconnecting; its file's wait
 * (retryWaitLine) is said only while none is open. The try it reconnects for and the limit of its retries are said
 * as a file's wait says them (tryAfterWaitWords: `as try 2, for up to 1 min without progress`, `as one last try
 * (…)`): that connection giving up fails the file as the file's last connection would. `held`: no answer came on
 * that connection, another request's `429` holds it (src/transfer/host-rate-limit.ts): `the Hub's 429 to another
 * request holds one connection; reconnecting it in 5 s while 3 others fetch, as try 1`.
 */
export function connectionWaitWords(
  wait: Pick<RetryWait, 'status' | 'leftMs' | 'attempt' | 'limit' | 'lastTry'>,
  othersOpen: number,
  held = false,
): string {
  const others = othersOpen === 1 ? 'another fetches' : `${othersOpen} others fetch`;
  const left = formatDuration(waitSecondsLeft(wait.leftMs));
  return thenDoes(
    held
      ? `the Hub's ${wait.status} to another request holds one connection`
      : `the Hub answered ${wait.status} on one connection`,
    `reconnecting it in ${left} while ${others}, as ${tryAfterWaitWords(wait)}`,
  );
}

/**
 * `waited 3 min 37 s for the Hub`: the time a finished download spent with every file it was fetching waiting
 * for the Hub (the `done` event's `hubWaitedMs`; a job's, all its runs: JobView.hubWaitedMs), said apart from the
 * fetch time and speed, which leave it out: by the CLI's summary and the web UI's History, `elapsed` in the
 * face's own durations.
 */
export function hubWaitedWords(elapsed: string): string {
  return `waited ${elapsed} for the Hub`;
}

/**
 * A wait (for the Hub, for another download, for a slot) is said apart when it took a second and a tenth of the
 * time it was part of (`ofMs`: the CLI's run from its plan, a job's start to finish) or more; shorter, it changes
 * no figure a reader would notice.
 */
const WAIT_WORTH_SAYING_MS = 1000;
const WAIT_WORTH_SAYING_SHARE = 0.1;

export function waitWorthSaying(waitedMs: number, ofMs: number): boolean {
  return waitedMs >= WAIT_WORTH_SAYING_MS && waitedMs >= WAIT_WORTH_SAYING_SHARE * ofMs;
}
