/**
 * A labelled form control with an optional hint kept out of the accessible name (it is the description,
 * via aria-describedby). The control is rendered by `children` with the ids it must carry. While the form's error
 * is about this field (`invalidBy`: that error's element id), the control is marked invalid and described by it too,
 * as the download form marks its fields.
 */
import { type ReactNode, useId } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export function Field({
  label,
  hint,
  wide = false,
  invalidBy,
  children,
}: {
  label: string;
  hint?: ReactNode;
  wide?: boolean;
  /** The id of the element saying why this field is refused; undefined while it is not. */
  invalidBy?: string;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : undefined, invalidBy].filter(Boolean).join(' ');
  const controlProps: FieldControlProps = { id };
  if (describedBy) controlProps['aria-describedby'] = describedBy;
  if (invalidBy) controlProps['aria-invalid'] = true;
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children(controlProps)}
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
