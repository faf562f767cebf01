/**
 * Says, on every page, that the hubget server does not answer (LiveFeed mode `offline`): what the page
 * shows is from the last contact. It goes away by itself once the server answers again.
 */
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

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
