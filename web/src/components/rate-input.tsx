/**
 * A bandwidth limit editor: number + unit (kB/s, MB/s, GB/s); empty or 0 means "no limit" (the empty
 * field's placeholder says so). While a limit is set, a "Remove limit" button clears it: an action, never
 * a state word that could be read as the field's value. Anything else (a negative number, text the browser
 * cannot read as a number, a rate under 1 B/s) is refused with a message and the limit in force stays: a
 * typo must never lift a limit. So is a rate over the most the server takes (MAX_BANDWIDTH_LIMIT), which it
 * refused in the API's words (`Invalid body field "bandwidthLimit": must be <= 1000000000000`).
 */
import { useId, useState } from 'react';
import { MAX_BANDWIDTH_LIMIT } from '../../../src/defaults.js';
import {
  bytesPerSecondToRate,
  formatSpeed,
  RATE_UNITS,
  type RateUnit,
  rateToBytesPerSecond,
} from '../format/units.js';

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
  /** The browser could not read the field as a number (`validity.badInput`: its value is then ''). */
  const [unreadable, setUnreadable] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const [typing, setTyping] = useState(false);
  // Follow a limit changed elsewhere (another tab, the CLI) unless the user is typing: adjusted as this render
  // sees the change, not by an effect, which on a loaded machine could run after a keystroke and undo it.
  const [followed, setFollowed] = useState(bytesPerSecond);
  if (followed !== bytesPerSecond) {
    setFollowed(bytesPerSecond);
    if (!typing) {
      const next = bytesPerSecond > 0 ? bytesPerSecondToRate(bytesPerSecond) : null;
      setText(next ? String(next.value) : '');
      if (next) setUnit(next.unit);
      setError(null);
    }
  }

  const commit = (nextText: string, nextUnit: RateUnit) => {
    const bytes = limitOf(nextText, nextUnit, unreadable);
    const refusal = bytes === null ? REFUSED : bytes > MAX_BANDWIDTH_LIMIT ? TOO_HIGH : null;
    setError(refusal);
    if (bytes !== null && refusal === null && bytes !== bytesPerSecond) onCommit(bytes);
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
          aria-invalid={error !== null}
          aria-describedby={error !== null ? `${id}-error` : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setUnreadable(event.target.validity.badInput);
          }}
          onFocus={() => setTyping(true)}
          onBlur={() => {
            setTyping(false);
            commit(text, unit);
          }}
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
              setUnreadable(false);
              setError(null);
              onCommit(0);
            }}
          >
            Remove limit
          </button>
        ) : null}
      </div>
      {error !== null ? (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const REFUSED =
  'Not a limit: enter a positive number, or leave the field empty for no limit. The limit in force is unchanged.';
const TOO_HIGH = `Over the highest limit, ${formatSpeed(MAX_BANDWIDTH_LIMIT)}: enter a lower one, or leave the field empty for no limit. The limit in force is unchanged.`;

/** Bytes/s the field asks for: 0 for empty or 0 (no limit), null for anything that is not a limit. */
export function limitOf(text: string, unit: RateUnit, unreadable = false): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return unreadable ? null : 0;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return null;
  if (value === 0) return 0;
  const bytes = rateToBytesPerSecond(value, unit);
  return bytes >= 1 ? bytes : null;
}
