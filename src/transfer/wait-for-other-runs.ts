/**
 * The files of a run that another live run claimed (download-claims.ts): announced with `file-waiting`, then
 * watched. Each poll, a file the other run has committed is linked (cache) or counted (local dir), like a file
 * present at the plan; and when the other run is gone (ended, failed, paused, or killed: its lock is free), this
 * run claims what it left and fetches it itself, resuming from its temp file and resume map. Nothing is written
 * for a file while another run holds it.
 *
 * Each poll also reads what the other run has on disk of every waiting file (its temp file's resume map:
 * resumable-bytes.ts) into this run's progress, so a waiting run shows that download landing.
 *
 * A poll costs one folder listing per folder of the waiting files (the blobs folder in the cache), a look at
 * each waiting file's temp file (a folder listing, its resume map, a stat) and one lock probe per run waited
 * for.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveRun } from './claim-records.js';
import type { Blocked, ClaimOutcome, RunClaims } from './download-claims.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { expectedContentOf, tempPrefixOf } from './plan-download.js';
import { finishPresentFile, isPresentNow, presenceMarkerOf } from './present-now.js';
import { resumableBytes } from './resumable-bytes.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/** How often a waiting run looks at the disk and at the runs it waits for. */
export const OTHER_RUN_POLL_MS = 500;

/**
 * Waits until a waiting run's next poll (`pollMs`, OTHER_RUN_POLL_MS unless told), an abort ending the wait
 * early; false once `signal` is aborted (the run stops waiting).
 */
export async function nextPoll(signal: AbortSignal, pollMs = OTHER_RUN_POLL_MS): Promise<boolean> {
  await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  return !signal.aborted;
}

/** Files with the same content, fetched once (download-model.ts); the first is the one transferred. */
export type ContentGroup = PlannedFile[];

export interface WaitForOtherRunsOptions {
  ctx: RunContext;
  claims: RunClaims;
  keysOf: (group: ContentGroup) => readonly string[];
  /** Fetches groups this run claimed once their run was gone (the path of the run's own files). */
  fetch: (groups: ContentGroup[]) => Promise<void>;
  /** Reports a file that could not be put in place. */
  fail: (file: PlannedFile, error: unknown) => void;
  pollMs?: number;
}

/** Emits `file-waiting` for every file of a group. */
export function announceWaiting(emit: RunContext['emit'], { item, run }: Blocked<ContentGroup>): void {
  for (const file of item) {
    emit({
      type: 'file-waiting',
      path: file.path,
      size: file.size,
      owner: { pid: run.owner.pid, hostname: run.owner.hostname },
    });
  }
}

async function namesIn(folder: string): Promise<ReadonlySet<string>> {
  try {
    return new Set(await readdir(folder));
  } catch {
    return new Set();
  }
}

/** The groups all of whose files are on disk now: one listing per folder, a stat only where a name appeared. */
async function presentGroups(ctx: RunContext, groups: readonly ContentGroup[]): Promise<ContentGroup[]> {
  const listings = new Map<string, Promise<ReadonlySet<string>>>();
  const present: ContentGroup[] = [];
  for (const group of groups) {
    const marker = presenceMarkerOf(ctx, group[0]!);
    let names = listings.get(dirname(marker));
    if (!names) {
      names = namesIn(dirname(marker));
      listings.set(dirname(marker), names);
    }
    if (!(await names).has(basename(marker))) continue;
    let all = true;
    for (const file of group) all &&= await isPresentNow(ctx, file);
    if (all) present.push(group);
  }
  return present;
}

/** What of each waiting group's first file the other run has on disk now, into the run's progress. */
async function followOtherRuns(ctx: RunContext, groups: readonly ContentGroup[]): Promise<void> {
  await mapBounded(groups, DISK_CHECKS_IN_FLIGHT, async ([first]) => {
    const bytes = await resumableBytes(tempPrefixOf(ctx.plan, first!), expectedContentOf(first!)).catch(
      () => 0,
    );
    ctx.tracker.landed(first!, bytes);
  });
}

/** Resolves once every blocked group is in place, fetched, failed, or the run is aborted. Never rejects. */
export async function waitForOtherRuns(
  blocked: readonly Blocked<ContentGroup>[],
  options: WaitForOtherRunsOptions,
): Promise<void> {
  const { ctx, claims } = options;
  const waiting = new Map<ContentGroup, LiveRun>(blocked.map(({ item, run }) => [item, run]));
  const fetches: Promise<void>[] = [];
  while (waiting.size > 0 && !ctx.signal.aborted) {
    if (!(await nextPoll(ctx.signal, options.pollMs))) break;
    const present = await presentGroups(ctx, [...waiting.keys()]);
    await followOtherRuns(
      ctx,
      [...waiting.keys()].filter((group) => !present.includes(group)),
    );
    for (const group of present) {
      waiting.delete(group);
      for (const file of group) {
        try {
          await finishPresentFile(ctx, file);
          ctx.tracker.otherRunBytes += file.size;
        } catch (error) {
          options.fail(file, error);
        }
      }
    }
    // Null while the folder's mutex is busy, or when the folder cannot be read (ask again next poll).
    const gone = await claims
      .goneAmong(new Set([...waiting.values()].map((run) => run.id)))
      .catch(() => null);
    if (gone === null || gone.size === 0) continue;
    const freed = [...waiting].filter(([, run]) => gone.has(run.id)).map(([group]) => group);
    let outcome: ClaimOutcome<ContentGroup>;
    try {
      outcome = await claims.claim(freed, options.keysOf, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) break;
      for (const group of freed) {
        waiting.delete(group);
        for (const file of group) options.fail(file, error);
      }
      continue;
    }
    for (const group of outcome.claimed) waiting.delete(group);
    for (const next of outcome.blocked) {
      // Claimed meanwhile by a third run: wait for that one now.
      waiting.set(next.item, next.run);
      announceWaiting(ctx.emit, next);
    }
    if (outcome.claimed.length > 0) fetches.push(options.fetch(outcome.claimed));
  }
  await Promise.all(fetches);
}
