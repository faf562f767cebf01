/**
 * The CLI's percent. Sizes, speeds and durations, a run's elapsed time too, come from the shared
 * src/format/units.ts (one definition for the CLI, the server and the web UI).
 */

/** Whole percent, never 100 before everything is there (99.6 % shows 99 %). */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return done >= total ? '100%' : '0%';
  const percent = Math.floor((Math.min(done, total) / total) * 100);
  return `${percent}%`;
}
