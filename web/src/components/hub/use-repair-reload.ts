/**
 * The repo page reads what is installed again when a repair of the repo is queued, in this tab or another (Verify
 * files → Download them again: the stream's `verification` event, its result naming the jobs queued; a repair from
 * the findings shown tells the findings' end again with its jobs, src/server/model-verifications.ts): the repair deleted
 * the files its download fetches again, and the page said "4 of 4 files, all on disk" and "Installed: the selected
 * files are on disk already" of a file gone until the download ended (the page reloads on a job's end, not its start:
 * state/jobs-ended.ts).
 */
import { useEffect, useRef } from 'react';
import { useLive } from '../../state/live-store.js';

export function useRepairReload(
  repoType: string | undefined,
  repoId: string | undefined,
  load: () => unknown,
): void {
  const { state } = useLive();
  // The repairs of this repo the stream told: their verification ids, one string to compare.
  const repairs = Object.values(state.verifications)
    .filter(
      ({ result }) =>
        result !== null && result.repoId === repoId && result.repoType === repoType && result.jobs.length > 0,
    )
    .map(({ id }) => id)
    .sort()
    .join(' ');
  // The ones known when the page opened are in what it reads then.
  const seen = useRef(repairs);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new repair is the trigger; load is read then.
  useEffect(() => {
    if (repairs === seen.current) return;
    const fresh = repairs.split(' ').some((id) => id !== '' && !seen.current.split(' ').includes(id));
    seen.current = repairs;
    if (fresh) void load();
  }, [repairs]);
}
