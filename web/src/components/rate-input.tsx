/**
 * A bandwidth limit editor: number + unit (kB/s, MB/s, GB/s); empty or 0 means "no limit" (the empty
 * field's placeholder says so). While a limit is set, a "Remove limit" button clears it: an action, never
 * a state word that could be read as the field's value.
 */
import { useEffect, useId, useState } from 'react';
import { bytesPerSecondToRate, RATE_UNITS, type RateUnit, rateToBytesPerSecond } from '../format/units.js';

export function RateInput({
  label,
  bytesPerSecond,
  onCommit,
  disabled,
}: {
  label: string;
  bytesPerSecond: number;
  /** Called with bytes/s (0 = no limit) when the user presses Enter, leaves the field or picks a unit. */
  onCommit: (bytesPerSecond: number) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const initial =
    bytesPerSecond > 0 ? bytesPerSecondToRate(bytesPerSecond) : { value: 0, unit: 'MB/s' as RateUnit };
  const [text, setText] = useState(initial.value > 0 ? String(initial.value) : '');
  const [unit, setUnit] = useState<RateUnit>(initial.unit);

  // Follow changes made elsewhere (another tab, the CLI) unless the user is typing.
  useEffect(() => {
    if (document.activeElement?.id === `${id}-value`) return;
    const next = bytesPerSecond > 0 ? bytesPerSecondToRate(bytesPerSecond) : null;
    setText(next ? String(next.value) : '');
    if (next) setUnit(next.unit);
  }, [bytesPerSecond, id]);

  const commit = (nextText: string, nextUnit: RateUnit) => {
    const value = Number.parseFloat(nextText);
    const bytes = Number.isFinite(value) ? rateToBytesPerSecond(value, nextUnit) : 0;
    if (bytes !== bytesPerSecond) onCommit(bytes);
  };

  return (
    <div className="rate-input">
      <label htmlFor={`${id}-value`} className="field__label">
        {label}
      </label>
      <div className="rate-input__row">
        <input
          id={`${id}-value`}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          placeholder="No limit"
          value={text}
          disabled={disabled}
          onChange={(event) => setText(event.target.value)}
          onBlur={() => commit(text, unit)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit(text, unit);
            }
          }}
        />
        <select
          aria-label={`${label} unit`}
          value={unit}
          disabled={disabled}
          onChange={(event) => {
            const nextUnit = event.target.value as RateUnit;
            setUnit(nextUnit);
            commit(text, nextUnit);
          }}
        >
          {Object.keys(RATE_UNITS).map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
        {bytesPerSecond > 0 ? (
          <button
            type="button"
            className="button button--small button--quiet"
            aria-label={`Remove limit (${label})`}
            disabled={disabled}
            onClick={() => {
              setText('');
              onCommit(0);
            }}
          >
            Remove limit
          </button>
        ) : null}
      </div>
    </div>
  );
}
