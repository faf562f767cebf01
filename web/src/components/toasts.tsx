/** In-page notifications (server `notification` events and failed actions), newest last, auto-dismissed. */
import { useCallback, useEffect } from 'react';
import type { Toast } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

const TOAST_MS: Record<Toast['level'], number> = { success: 6000, info: 5000, error: 12000 };

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS[toast.level]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.level, onDismiss]);
  const icon = toast.level === 'success' ? '✓' : toast.level === 'error' ? '!' : 'i';
  return (
    <div className={`toast toast--${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      <span className="toast__icon" aria-hidden="true">
        {icon}
      </span>
      <div className="toast__text">
        <strong className="toast__title">{toast.title}</strong>
        {toast.message ? <span className="toast__message">{toast.message}</span> : null}
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label={`Dismiss: ${toast.title}`}
        onClick={() => onDismiss(toast.id)}
      >
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const { state, dispatch } = useLive();
  // Stable, so a toast's timer is not restarted by every live update.
  const onDismiss = useCallback((id: number) => dispatch({ type: 'dismiss-toast', id }), [dispatch]);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {state.toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onDismiss={onDismiss} />
      ))}
    </section>
  );
}
