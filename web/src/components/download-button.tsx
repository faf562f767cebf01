/**
 * The Download button, off with the reason beside it while the download cannot work (`refusal`: the Hub
 * refuses it, or cannot be asked): the reason is the button's description (aria-describedby), so a screen
 * reader says why it is off. One component for the download form, the model page and its Hub-down card.
 */
import { type ReactNode, useId } from 'react';

interface DownloadButtonProps {
  /** Why the download cannot work, shown beside the button; null: it can. */
  refusal: string | null;
  /**
   * The refusal says nothing is left to fetch (an installed quantization), not a problem: shown in the
   * success colour rather than the danger one.
   */
  nothingToDo?: boolean;
  /** Off for another reason that needs no words (busy, nothing selected). */
  disabled?: boolean;
  /** `submit` in a form (Enter submits it; the form's handler must refuse too). @default 'button' */
  type?: 'button' | 'submit';
  onClick?: () => void;
  /** Shown between the button and the reason (the model page's selection). */
  status?: ReactNode;
  /** The label. @default 'Download' */
  children?: ReactNode;
}

export function DownloadButton({
  refusal,
  nothingToDo = false,
  disabled = false,
  type = 'button',
  onClick,
  status,
  children = 'Download',
}: DownloadButtonProps) {
  const reasonId = useId();
  return (
    <>
      <button
        type={type}
        className="button button--primary"
        disabled={disabled || refusal !== null}
        aria-describedby={refusal !== null ? reasonId : undefined}
        onClick={onClick}
      >
        {children}
      </button>
      {status}
      {refusal !== null ? (
        <span
          id={reasonId}
          className={nothingToDo ? 'form-actions__reason form-actions__reason--done' : 'form-actions__reason'}
        >
          {refusal}
        </span>
      ) : null}
    </>
  );
}
