/** Where the UI links a Hub repo. Counts and dates: formatCount / formatDay in src/format/units.ts. */

/** Where a repo's page lives in the UI: `/models/org/name` or `/datasets/org/name`. */
export function repoPageHref(repoType: 'model' | 'dataset', repoId: string): string {
  return `/${repoType === 'dataset' ? 'datasets' : 'models'}/${repoId.split('/').map(encodeURIComponent).join('/')}`;
}
