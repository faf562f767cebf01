/**
 * The three routes the live store asks of the server under every page (web/src/state/live-store.tsx: the jobs, the
 * network meter, the settings), scripted once for the component tests that are about something else: by default
 * no jobs, a host whose interface counters cannot be read (no meter) and settings not answered yet (503). Spread
 * into startScriptedApi's routes; a route the test lists after them replaces theirs.
 */
import type { JobView, NetworkStats, Settings } from '../../../src/api-types.js';
import { type Route, unsupportedNetwork } from './api-server.js';

/** The answer of a server that cannot say it yet: 503. */
const NOT_YET = { status: 503, body: { code: 'X', message: 'later' } };

/** A value, or a function read at each request (a test that changes it after the server started). */
type Live<T> = T | (() => T);

const now = <T>(value: Live<T>): T => (typeof value === 'function' ? (value as () => T)() : value);

export interface LiveAnswers {
  /** GET /api/downloads: the jobs; none by default. */
  jobs?: Live<readonly JobView[]>;
  /** GET /api/settings: what it answers; by default not answered yet (503). */
  settings?: Live<Partial<Settings>>;
  /** GET /api/system/network: its figures; by default a host without counters (unsupportedNetwork); `down`: 503. */
  network?: NetworkStats | 'down';
}

export function liveRoutes({
  jobs = [],
  settings,
  network = unsupportedNetwork,
}: LiveAnswers = {}): Record<string, Route> {
  return {
    'GET /api/downloads': () => ({ body: now(jobs) }),
    'GET /api/system/network': () => (network === 'down' ? NOT_YET : { body: network }),
    'GET /api/settings': () => (settings === undefined ? NOT_YET : { body: now(settings) }),
  };
}
