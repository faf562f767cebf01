/**
 * The hubget server's own API token (needed when it listens beyond loopback; see src/server/security.ts):
 * sent as `Authorization: Bearer` on fetch and as `?token=` on the event stream (EventSource cannot set
 * headers). Taken once from the page URL (`/?token=…`, then removed from the address bar) or typed by the
 * user, and kept in sessionStorage only.
 */
const STORAGE_KEY = 'hubget.apiToken';

let memoryToken: string | null = null;

export function readApiToken(): string | null {
  if (memoryToken !== null) return memoryToken;
  try {
    memoryToken = window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    memoryToken = null;
  }
  return memoryToken;
}

export function storeApiToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Kept in memory for this page only.
  }
}

/** Moves `?token=` from the address bar into storage so it is not bookmarked or shared. */
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return;
  storeApiToken(token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}

export function eventsUrl(): string {
  const token = readApiToken();
  return token ? `/api/events?token=${encodeURIComponent(token)}` : '/api/events';
}
