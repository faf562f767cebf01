/**
 * Says once, on every page, that the server restarted after a stop that was not clean (GET /api/system/status,
 * `uncleanStop`): asked when the page opens and whenever the server answers again after not answering (it may
 * have been restarted meanwhile). Dismissed, it stays away for that run of the server (remembered in the
 * browser by the run's start time).
 */
import { useEffect, useState } from 'react';
import type { ServerStatus } from '../../../src/api-server-status.js';
import { UNCLEAN_STOP_HINT, uncleanStopText } from '../format/unclean-stop.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

const SEEN_KEY = 'hubget.uncleanStopSeen';

function seenRun(): string | null {
  try {
    return window.localStorage.getItem(SEEN_KEY);
  } catch {
    return null;
  }
}

export function RestartNotice({ nowMs = Date.now() }: { nowMs?: number }) {
  const { state, api } = useLive();
  const unreachable = serverUnreachable(state);
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [seen, setSeen] = useState(seenRun);

  useEffect(() => {
    if (unreachable) return;
    let live = true;
    api.serverStatus().then(
      (answer) => {
        if (live) setStatus(answer);
      },
      // An older server without the route, or one that went away again: nothing to say.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, unreachable]);

  const stop = status?.uncleanStop;
  if (!status || !stop || seen === status.startedAt) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(SEEN_KEY, status.startedAt);
    } catch {
      // Not remembered in private mode: gone for this page only.
    }
    setSeen(status.startedAt);
  };
  return (
    <div className="restart-notice" role="status" title={UNCLEAN_STOP_HINT}>
      <p>{uncleanStopText(stop, nowMs)}</p>
      <button type="button" className="button button--small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
