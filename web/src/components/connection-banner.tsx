/**
 * Says, on every page, that the hubget server does not answer (LiveFeed mode `offline`): what the page
 * shows is from the last contact. It goes away by itself once the server answers again.
 */
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

/** The tooltip of what is off or stale while the server does not answer. */
export const SERVER_UNREACHABLE_TITLE = 'The hubget server does not answer';

/** Above the jobs (the panel's, the Downloads page's) while the server does not answer. */
export function OfflineJobsNotice({ className }: { className: string }) {
  return (
    <p className={className}>
      Server unreachable — retrying every 2 s. Progress is as of the last contact; speeds and ETAs return when
      it answers, and so do the controls.
    </p>
  );
}

export function ConnectionBanner() {
  const { state } = useLive();
  if (!serverUnreachable(state)) return null;
  return (
    <p className="connection-banner" role="alert">
      <strong>Cannot reach the hubget server.</strong> Retrying every 2 s; what is shown is from the last
      contact.
    </p>
  );
}
