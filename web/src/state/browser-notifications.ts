/**
 * Desktop notifications, only after the user asked for them (a click on "Enable notifications"): the
 * permission prompt must come from a user gesture, and the choice is remembered in localStorage.
 */
import type { Notice } from './notices.js';

const STORAGE_KEY = 'hubget.notifications';

export type NotificationAvailability = 'unsupported' | 'denied' | 'enabled' | 'off';

export function notificationAvailability(): NotificationAvailability {
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission === 'granted' && readPreference()) return 'enabled';
  return 'off';
}

function readPreference(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function writePreference(on: boolean): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export async function enableBrowserNotifications(): Promise<NotificationAvailability> {
  if (notificationAvailability() === 'unsupported') return 'unsupported';
  const permission =
    Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  writePreference(permission === 'granted');
  return notificationAvailability();
}

export function disableBrowserNotifications(): void {
  writePreference(false);
}

export function deliverBrowserNotification(notice: Notice): void {
  if (notificationAvailability() !== 'enabled') return;
  // Only what matters when the tab is in the background: finished or failed downloads.
  if (notice.level === 'info') return;
  try {
    new Notification(notice.title, { body: notice.message, tag: notice.jobId || undefined });
  } catch {
    // Some browsers only allow notifications from a service worker; the toast is still shown.
  }
}
