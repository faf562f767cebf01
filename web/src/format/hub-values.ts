/** How Hub numbers and dates read in the search results and on the model page. */

/** `1.2M`, `35K`, `999`: counts as the Hub shows them. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** `2025-01-31` from an ISO timestamp; `—` when unknown. */
export function formatDay(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** Where a repo's page lives in the UI: `/models/org/name` or `/datasets/org/name`. */
export function repoPageHref(repoType: 'model' | 'dataset', repoId: string): string {
  return `/${repoType === 'dataset' ? 'datasets' : 'models'}/${repoId.split('/').map(encodeURIComponent).join('/')}`;
}
