/**
 * The Download button, off with the reason beside it while the download cannot work (`refusal`: the Hub
 * refuses it, or cannot be asked): the reason is the button's description (aria-describedby), so a screen
 * reader says why it is off. One component for the download form, the model page and its Hub-down card.
 *
 * A button that turns off while it has the keyboard's focus (Enter on Download: busy, then "Installed: Q8_0 is
 * on disk already.") would drop the focus to the page's body. It goes to the words beside it instead, the
 * reason or else the status (focusable from script only, tabIndex -1), which a screen reader then reads; and
 * back to the button when it turns on again with the focus still there.
 */
import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';

interface DownloadButtonProps {
  /** Why the download cannot work, shown beside the button; null: it can. */
  refusal: string | null;
  /**
   * The refusal says nothing is left to fetch (an installed quantization), not a problem: shown in the
   * success colour rather than the danger one.
   */
  nothingToDo?: boolean;
  /**
   * The refusal says a download of it is there already (paused, queued, failed: the repo page's own), not a
   * problem with this one: shown in the warning colour.
   */
  waiting?: boolean;
  /** Off for another reason that needs no words (busy, nothing selected). */
  disabled?: boolean;
  /** `submit` in a form (Enter submits it; the form's handler must refuse too). @default 'button' */
  type?: 'button' | 'submit';
  onClick?: () => void;
  /** Shown between the button and the reason (the model page's selection). */
  status?: ReactNode;
  /** The label. @default 'Download' */
  children?: ReactNode;
  /** The reason's element id, for a field the reason is about to be described by (the model page's folder). */
  reasonId?: string;
}

export function DownloadButton({
  refusal,
  nothingToDo = false,
  waiting = false,
  disabled = false,
  type = 'button',
  onClick,
  status,
  children = 'Download',
  reasonId: givenReasonId,
}: DownloadButtonProps) {
  const ownReasonId = useId();
  const reasonId = givenReasonId ?? ownReasonId;
  const off = disabled || refusal !== null;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLSpanElement>(null);
  const reasonRef = useRef<HTMLSpanElement>(null);
  const focus = useRef({ onButton: false, movedOff: false });
  useLayoutEffect(() => {
    const button = buttonRef.current;
    const active = document.activeElement;
    if (off && focus.current.onButton && (active === button || active === document.body || active === null)) {
      const words = reasonRef.current ?? statusRef.current;
      if (words) {
        words.focus();
        focus.current = { onButton: false, movedOff: true };
      }
    } else if (!off && focus.current.movedOff) {
      if (active === reasonRef.current || active === statusRef.current || active === document.body) {
        button?.focus();
      }
      focus.current.movedOff = false;
    }
  }, [off]);
  return (
    <>
      <button
        ref={buttonRef}
        type={type}
        className="button button--primary"
        disabled={off}
        aria-describedby={refusal !== null ? reasonId : undefined}
        onClick={onClick}
        onFocus={() => {
          focus.current = { onButton: true, movedOff: false };
        }}
        // Turning off blurs it (Chromium): it still counts as focused, for the effect above.
        onBlur={(event) => {
          if (!event.currentTarget.disabled) focus.current.onButton = false;
        }}
      >
        {children}
      </button>
      {status ? (
        <span ref={statusRef} tabIndex={-1} className="download-button__status">
          {status}
        </span>
      ) : null}
      {refusal !== null ? (
        <span
          ref={reasonRef}
          id={reasonId}
          tabIndex={-1}
          className={`form-actions__reason${nothingToDo ? ' form-actions__reason--done' : waiting ? ' form-actions__reason--waiting' : ''}`}
        >
          {refusal}
        </span>
      ) : null}
    </>
  );
}
