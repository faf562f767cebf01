/** One-line texts for events, shared by the TTY bars (printed above them) and the plain log renderer. */

import {
  connectionsLabel,
  shownConnectionsReason,
  showsConnections,
} from '../../format/connections-label.js';
import { copyPlacesWords } from '../../format/copy-places.js';
import { fetchedInWords, inAllWords } from '../../format/fetch-time-words.js';
import { colonAfter, listWords, thenDoes } from '../../format/path-punctuation.js';
import { hubWaitedWords, waitWorthSaying } from '../../format/retry-wait-words.js';
import { shellWord } from '../../format/shell-word.js';
import {
  copiedFrom,
  fetchedByAnotherDownload,
  formatBytes,
  formatEta,
  formatSpeed,
  formatTook,
  linkedOfCopyWords,
  plural,
} from '../../format/units.js';
import { shortCommit } from '../../hub/short-commit.js';
import { downloadVerifying, type TransferEvent, VERIFYING_LABEL } from '../../progress/index.js';
import { ownerLabel } from '../../progress/waiting-lines.js';
import { formatPercent } from '../format-units.js';

type EventOf<T extends TransferEvent['type']> = Extract<TransferEvent, { type: T }>;

/**
 * Said before the plan line when the Hub did not answer and the run answers from the snapshot on disk
 * (the plan event's `hubUnavailable`, src/transfer/cached-fallback.ts), or when offline the repo has temp
 * files of unfinished downloads whose files the snapshot lacks (`unfinishedOnDisk`, a count of files: those
 * the run puts in place are not in it); null otherwise.
 */
function planNotice(event: EventOf<'plan'>): string | null {
  const unfinished = event.unfinishedOnDisk ?? 0;
  if (unfinished > 0) {
    return (
      `Notice: offline, and this snapshot of ${event.repoId} lacks ${plural(unfinished, 'file')} of ` +
      'unfinished downloads here: only the Hub can name them'
    );
  }
  if (event.hubUnavailable === undefined) return null;
  return `Notice: ${thenDoes(
    `the Hub did not answer (${event.hubUnavailable})`,
    'using the snapshot already on disk, as it is (files it never held cannot be checked without the Hub)',
  )}`;
}

/** The lines a `plan` event prints: its notice, when there is one, then the plan line. */
export function planLines(event: EventOf<'plan'>): string[] {
  const notice = planNotice(event);
  return notice === null ? [planLine(event)] : [notice, planLine(event)];
}

type Owner = NonNullable<EventOf<'plan'>['waitingFor']>[number];

/** `another download (pid 4242) is`, `2 other downloads (pid 4242, pid 4243 on build-2) are`: who fetches the files. */
function whoFetches(owners: readonly Owner[]): string {
  if (owners.length === 0) return 'another download is';
  const labels = owners.map((owner) => ownerLabel(owner)).join(', ');
  return owners.length === 1
    ? `another download (${labels}) is`
    : `${owners.length} other downloads (${labels}) are`;
}

/** What happens to the files this run waits for: taken once there, fetched here if their download stops. */
function afterWaiting(files: number, owners: number): string {
  if (owners > 1) {
    return 'This download takes each once the download fetching it has it, and fetches it itself if that download stops first.';
  }
  const them = files === 1 ? 'it' : 'them';
  return `This download takes ${them} once that one has ${them}, and fetches ${them} itself if that one stops first.`;
}

/**
 * `Fetching 40 files (12.00 GB) from org/name@1a2b3c4; 3 files (1.20 GB) already present` (a `:QUANT` download:
 * `from org/name@1a2b3c4:Q4_K_M`; resumed: `Fetching 2 files
 * (7.00 GB left of 11.00 GB) from …, resuming: 4.00 GB already fetched`); in local-dir mode
 * the files whose content the HF cache holds are named apart (`copying 2 files (20.47 kB) from the HF cache`; into
 * the cache, those a local-dir download or another repo's cache folder holds: `… from the local dir
 * /home/ada/models/x and org/fork in the HF cache`, every place: copy-places.ts; a fork's weights another repo's
 * folder holds are linked, and said so: `linking 1 file (300.00 kB, no room taken) from org/fork in the HF cache`,
 * `copying 2 files (300.02 kB, 300.00 kB of it linked: no room taken) from …`),
 * and so are the files another download is fetching, which this run waits for, with who fetches them and what
 * happens next, in this one line (`waiting-notices.ts` then writes no other): `waiting for 2 files (4.00 GB) that
 * another download (pid 4242) is fetching; … . This download takes them once that one has them, and fetches them
 * itself if that one stops first.` (`Waiting for 2 files (4.00 GB) of org/name@1a2b3c4 that …` when this run
 * fetches none).
 */
export function planLine(event: EventOf<'plan'>): string {
  const copiedFiles = event.filesCopied ?? 0;
  const copiedBytes = event.copiedBytes ?? 0;
  const waitingFiles = event.filesWaiting ?? 0;
  const waitingBytes = event.waitingBytes ?? 0;
  const toFetchFiles = event.filesTotal - event.filesPresent - copiedFiles - waitingFiles;
  const toFetchBytes = event.totalBytes - event.presentBytes - copiedBytes - waitingBytes;
  // A `:QUANT` download names its quantization as it was typed (`org/name@1a2b3c4:Q4_K_M`): the files
  // counted are its files and the small ones beside them, not the repo's.
  const source = `${event.repoId}@${shortCommit(event.commit)}${event.quant === undefined ? '' : `:${event.quant}`}`;
  if (toFetchFiles === 0 && copiedFiles === 0 && waitingFiles === 0) {
    const all = event.filesTotal === 1 ? '1 file' : `All ${plural(event.filesTotal, 'file')}`;
    return `${all} (${formatBytes(event.totalBytes)}) of ${source} already present`;
  }
  const resumed = event.resumedBytes ?? 0;
  const parts: string[] = [];
  // The first clause names the source and starts with a capital.
  const opening = (verb: string): [string, string] =>
    parts.length === 0 ? [verb[0]!.toUpperCase() + verb.slice(1), ` of ${source}`] : [verb, ''];
  if (toFetchFiles > 0) {
    // Resumed: what is left to fetch first, as the final line counts it ("7.00 GB left of 11.00 GB"), not the size.
    const size =
      resumed > 0
        ? `${formatBytes(Math.max(0, toFetchBytes - resumed))} left of ${formatBytes(toFetchBytes)}`
        : formatBytes(toFetchBytes);
    parts.push(
      `Fetching ${plural(toFetchFiles, 'file')} (${size}) from ${source}` +
        (resumed > 0 ? `, resuming: ${formatBytes(resumed)} already fetched` : ''),
    );
  }
  if (copiedFiles > 0) {
    // All of them linked (a fork's weights): nothing is copied, and so it says.
    const allLinked = (event.linkedBytes ?? 0) >= copiedBytes;
    const [verb, of] = opening(allLinked ? 'linking' : 'copying');
    const from = copyPlacesWords(event.copiedFrom ?? []);
    const linked = allLinked ? 'no room taken' : linkedOfCopyWords(copiedBytes, event.linkedBytes);
    const size = `${formatBytes(copiedBytes)}${linked ? `, ${linked}` : ''}`;
    parts.push(`${verb} ${plural(copiedFiles, 'file')} (${size})${of} from ${from}`);
  }
  if (waitingFiles > 0) {
    const [verb, of] = opening('waiting for');
    parts.push(
      `${verb} ${plural(waitingFiles, 'file')} (${formatBytes(waitingBytes)})${of} that ${whoFetches(event.waitingFor ?? [])} fetching`,
    );
  }
  if (event.filesPresent > 0) {
    parts.push(`${plural(event.filesPresent, 'file')} (${formatBytes(event.presentBytes)}) already present`);
  }
  const line = parts.join('; ');
  return waitingFiles > 0 ? `${line}. ${afterWaiting(waitingFiles, event.waitingFor?.length ?? 1)}` : line;
}

/**
 * `Download progress: 49% (5.88 GB / 12.00 GB) | 12/40 files | 45.2 MB/s | ETA 2m 20s | 8 conns · CPU-bound`
 * (the connections open and why, while any is open or the budget holds back the first: showsConnections), then
 * each file's wait for the Hub that runs (`| a.bin waits 3 min 37 s for the Hub (429)`: bar-waits.ts).
 */
export function progressLine(event: EventOf<'progress'>, waits: readonly string[] = []): string {
  const head = [
    `Download progress: ${formatPercent(event.downloaded, event.total)} (${formatBytes(event.downloaded)} / ${formatBytes(event.total)})`,
    `${event.filesDone}/${event.filesTotal} files`,
  ];
  const rate = downloadVerifying(event)
    ? [VERIFYING_LABEL]
    : [formatSpeed(event.bytesPerSecond), formatEta(event.etaSeconds)];
  const open = event.connections ?? 0;
  const reason = shownConnectionsReason(event.connectionsReason, event.bytesPerSecond);
  const connections = showsConnections(open, reason) ? [connectionsLabel(open, reason)] : [];
  return [...head, ...rate, ...connections, ...waits].join(' | ');
}

/**
 * A line for events a user should see even with bars (a URL refreshed, a file's bytes thrown away), or null:
 * what happened, then what hubget does (thenDoes), as the reconnect notices say it.
 * Stalls and retries are told by reconnect-notices.ts; file failures are not printed here: the command ends
 * with one `error [CODE]` line for them.
 */
export function noticeLine(event: TransferEvent): string | null {
  switch (event.type) {
    case 'url-refreshed':
      return colonAfter(
        `Notice: ${shellWord(event.path)}`,
        thenDoes('download URL expired', 'using a new one'),
        true,
      );
    case 'file-discarded':
      return `Warning: ${thenDoes(
        `${event.error.message} [${event.error.code}]`,
        `${formatBytes(event.discardedBytes)} discarded, fetching ${shellWord(event.path)} again`,
      )}`;
    default:
      return null;
  }
}

/** What the renderer knows about the run beyond the `done` event. */
export interface RunSummary {
  /** Connections re-established along the way (reconnect-notices.ts). */
  reconnects?: number;
  /**
   * Milliseconds from the plan to the end, without the listing before it (a slow first answer is not part
   * of the download). Default: the event's elapsedMs, listing included.
   */
  sincePlanMs?: number;
}

/**
 * `Download complete: 12.00 GB fetched in 2m 20s (45.2 MB/s)`, with what was copied (from where, as the plan line
 * names it) apart: the speed is the network's, over the time this run was fetching (the
 * event's `fetchingMs`), and a run that mostly waited (for another download, for the Hub) says its whole time
 * apart (`; 14 s in all`), the time every file it fetched waited for the Hub (a `429`'s Retry-After: the event's
 * `hubWaitedMs`) named before it (`, waited 3 min 37 s for the Hub; 3 min 46 s in all`). Connections re-established on the way are counted at the end
 * (`; 14 connections re-established`).
 */
export function doneLine(event: EventOf<'done'>, summary: RunSummary = {}): string {
  const reconnects = summary.reconnects ?? 0;
  const reconnected = reconnects > 0 ? `; ${plural(reconnects, 'connection')} re-established` : '';
  return `${completionLine(event, summary.sincePlanMs ?? event.elapsedMs)}${reconnected}`;
}

function completionLine(event: EventOf<'done'>, sincePlanMs: number): string {
  const copied = event.copiedBytes ?? 0;
  const otherRun = event.otherRunBytes ?? 0;
  const parts = [
    ...(copied > 0 ? [copiedFrom(copied, copyPlacesWords(event.copiedFrom ?? []), event.linkedBytes)] : []),
    ...(otherRun > 0 ? [fetchedByAnotherDownload(otherRun)] : []),
  ];
  if (event.downloadedBytes === 0) {
    return parts.length === 0
      ? 'Download complete: everything was already present'
      : `Download complete: ${listWords(parts)} in ${formatTook(sincePlanMs / 1000)}`;
  }
  // A file fetched within one clock tick has no fetching time of its own: the run's time stands in.
  const fetchingMs = event.fetchingMs > 0 ? Math.min(event.fetchingMs, sincePlanMs) : sincePlanMs;
  const average = fetchingMs > 0 ? event.downloadedBytes / (fetchingMs / 1000) : 0;
  const fetched = `${formatBytes(event.downloadedBytes)} ${fetchedInWords(fetchingMs / 1000, average)}`;
  // Waiting (for the Hub, another download, a slot) of a second and a tenth of the run is said after the rate
  // (`; 14 s in all`): the rate counts only the time this run was fetching.
  const worthSaying = (waitedMs: number): boolean => waitWorthSaying(waitedMs, sincePlanMs);
  const hubWaitedMs = event.hubWaitedMs ?? 0;
  const hubWaited = worthSaying(hubWaitedMs) ? [hubWaitedWords(formatTook(hubWaitedMs / 1000))] : [];
  const inAll = inAllWords(sincePlanMs, fetchingMs);
  return `Download complete: ${listWords([fetched, ...parts, ...hubWaited])}${inAll ? `; ${inAll}` : ''}`;
}
