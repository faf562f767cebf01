/** The button that asks for desktop-notification permission (it must come from a click). */
import { useState } from 'react';
import {
  disableBrowserNotifications,
  enableBrowserNotifications,
  type NotificationAvailability,
  notificationAvailability,
} from '../state/browser-notifications.js';
import { BellIcon } from './icons.js';

export function NotificationToggle({ compact = false }: { compact?: boolean }) {
  const [availability, setAvailability] = useState<NotificationAvailability>(notificationAvailability);
  if (availability === 'unsupported') {
    return compact ? null : <p className="muted">This browser does not support desktop notifications.</p>;
  }
  if (availability === 'denied') {
    return compact ? null : (
      <p className="muted">
        Notifications are blocked for this site; allow them in the browser's site settings.
      </p>
    );
  }
  if (availability === 'enabled') {
    return (
      <button
        type="button"
        className={compact ? 'icon-button' : 'button'}
        aria-label="Turn off desktop notifications"
        title="Desktop notifications are on"
        onClick={() => {
          disableBrowserNotifications();
          setAvailability(notificationAvailability());
        }}
      >
        {compact ? <BellIcon /> : 'Turn off desktop notifications'}
      </button>
    );
  }
  return (
    <button
      type="button"
      className={compact ? 'icon-button' : 'button'}
      aria-label="Enable desktop notifications"
      title="Enable desktop notifications"
      onClick={() => void enableBrowserNotifications().then(setAvailability)}
    >
      {compact ? <BellIcon off /> : 'Enable desktop notifications'}
    </button>
  );
}
