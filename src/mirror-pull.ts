/**
 * A mirror pull: the download job the mirror makes for one file a LAN client asked for (src/mirror/job-fetcher.ts,
 * docs/mirror.md), named `mirror: org/name/path`. Pure, so the web UI tells them from the user's own downloads by
 * the same rule (the Downloads page's History keeps them apart).
 */
export const MIRROR_JOB_PREFIX = 'mirror: ';

/** The job name of the mirror's pull of `path` in `repoId`. */
export function mirrorPullName(repoId: string, path: string): string {
  return `${MIRROR_JOB_PREFIX}${repoId}/${path}`;
}

export function isMirrorPull(job: { name: string }): boolean {
  return job.name.startsWith(MIRROR_JOB_PREFIX);
}
