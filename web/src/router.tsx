/** A tiny history-API router: four pages do not need a routing library. */
import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { folderOfPath } from './format/hub-values.js';

export type Route = 'models' | 'model' | 'folder' | 'downloads' | 'network' | 'settings';

export const ROUTES: { route: Route; path: string; label: string }[] = [
  { route: 'models', path: '/models', label: 'Models' },
  { route: 'downloads', path: '/downloads', label: 'Downloads' },
  { route: 'network', path: '/network', label: 'Network' },
  { route: 'settings', path: '/settings', label: 'Settings' },
];

/** `/` and unknown paths show the Model Manager, the default page. */
export function routeOf(pathname: string): Route {
  const clean = pathname.replace(/\/+$/, '') || '/';
  // A repo's own page: /models/{org}/{name}, /models/{name}, /datasets/{org}/{name}.
  if (/^\/(models|datasets)\/[^/]+(\/[^/]+)?$/.test(clean)) return 'model';
  // A folder under the models dir that names no repo: /folders/{name}, read by the folder page's own rule.
  if (folderOfPath(clean) !== null) return 'folder';
  return ROUTES.find((entry) => entry.path === clean)?.route ?? 'models';
}

const NAVIGATE_EVENT = 'hubget:navigate';

/** Opens `path` (a page, with or without a query) as a new history entry; nothing when it is open already. */
export function navigate(path: string): void {
  // The query counts: `/models` from `/models?q=llama` is the list without that search (the nav's Models).
  if (`${window.location.pathname}${window.location.search}` === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * Sets the query of the current address (`?q=llama`, or `''` for none), page and hash unchanged: `replace`
 * changes the current history entry (a field being typed in), `push` adds one that Back returns from. Pages
 * that read their address (useLocation) follow.
 */
export function setAddressSearch(search: string, mode: 'push' | 'replace'): void {
  if (window.location.search === search) return;
  const address = `${window.location.pathname}${search}${window.location.hash}`;
  if (mode === 'push') window.history.pushState(null, '', address);
  else window.history.replaceState(null, '', address);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return route;
}

/** The current path and query, updated on every navigation (pages that read their address use it). */
function readLocation(): { pathname: string; search: string } {
  return { pathname: window.location.pathname, search: window.location.search };
}

export function useLocation(): { pathname: string; search: string } {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return location;
}

export function Link({
  to,
  children,
  className,
  current,
  title,
}: {
  to: string;
  children: ReactNode;
  className?: string;
  current?: boolean;
  title?: string;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new-tab / new-window clicks.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a
      href={to}
      className={className}
      title={title}
      onClick={onClick}
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </a>
  );
}
