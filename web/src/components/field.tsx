/**
 * A labelled form control with an optional hint kept out of the accessible name (it is the description,
 * via aria-describedby). The control is rendered by `children` with the ids it must carry. While the form's error
 * is about this field (`invalidBy`: that error's element id), the control is marked invalid and described by it too,
 * as the download form marks its fields.
 */
import { type ReactNode, useId } from 'react';

/** A control's invalid mark and description: what describes it anyway (a hint), and the error while it is refused. */
export interface InvalidMarks {
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export interface FieldControlProps extends InvalidMarks {
  id: string;
}

/**
 * The one rule of a refused control's marks (this Field's, the download form's): described by `describedBy` (a hint,
 * a note) and, while `invalidBy` names the error's element, marked invalid and described by that error too.
 */
export function invalidMarks(describedBy: string | undefined, invalidBy: string | undefined): InvalidMarks {
  const marks: InvalidMarks = {};
  const described = [describedBy, invalidBy].filter(Boolean).join(' ');
  if (described) marks['aria-describedby'] = described;
  if (invalidBy) marks['aria-invalid'] = true;
  return marks;
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
  const controlProps: FieldControlProps = { id, ...invalidMarks(hint ? hintId : undefined, invalidBy) };
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
