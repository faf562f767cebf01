/**
 * The download limits, one control wherever they are set (the Downloads page's Limits card and Settings →
 * Downloads): the number of parallel downloads (− / + stepper) and the total bandwidth limit (RateInput: a number
 * and kB/s, MB/s or GB/s, empty for none), each applied at once through PUT /api/settings, with a line saying what
 * was applied. Before, Settings had its own: a number field for the parallel downloads and a "Bandwidth limit"
 * that waited for Save, beside the Downloads page's stepper and "Total bandwidth limit" applied at once.
 */
import { useState } from 'react';
import type { Settings, SettingsUpdate } from '../../../src/api-types.js';
import { MAX_MAX_PARALLEL, MIN_MAX_PARALLEL } from '../../../src/defaults.js';
import { FIELD_LABELS } from '../api/field-labels.js';
import { formatSpeed } from '../format/units.js';
import { useLive } from '../state/live-store.js';
import { RateInput } from './rate-input.js';

export function LiveLimits({ settings, offline }: { settings: Settings; offline: boolean }) {
  const { api, dispatch, attempt } = useLive();
  const [saved, setSaved] = useState<string | null>(null);
  const apply = async (update: SettingsUpdate, what: string) => {
    const next = await attempt('Could not apply the limit', () => api.updateSettings(update));
    if (next) {
      dispatch({ type: 'settings', settings: next });
      setSaved(`${what} applied.`);
    }
  };
  return (
    <>
      <div className="limits">
        <ParallelInput
          value={settings.maxParallel}
          disabled={offline}
          onCommit={(maxParallel) => void apply({ maxParallel }, `Parallel downloads: ${maxParallel}`)}
        />
        <RateInput
          label="Total bandwidth limit"
          bytesPerSecond={settings.bandwidthLimit}
          disabled={offline}
          onCommit={(bandwidthLimit) =>
            void apply(
              { bandwidthLimit },
              bandwidthLimit > 0 ? `Bandwidth limit ${formatSpeed(bandwidthLimit)}` : 'No bandwidth limit',
            )
          }
        />
      </div>
      <p className="muted small" role="status">
        {saved ?? ''}
      </p>
    </>
  );
}

function ParallelInput({
  value,
  disabled,
  onCommit,
}: {
  value: number;
  disabled: boolean;
  onCommit: (value: number) => void;
}) {
  const set = (next: number) => {
    const clamped = Math.min(MAX_MAX_PARALLEL, Math.max(MIN_MAX_PARALLEL, Math.round(next)));
    if (clamped !== value) onCommit(clamped);
  };
  return (
    <fieldset className="stepper">
      <legend className="field__label">{FIELD_LABELS.maxParallel}</legend>
      <div className="stepper__row">
        <button
          type="button"
          className="button button--small"
          aria-label="Fewer parallel downloads"
          disabled={disabled || value <= MIN_MAX_PARALLEL}
          onClick={() => set(value - 1)}
        >
          −
        </button>
        <output className="num stepper__value" aria-live="polite">
          {value}
        </output>
        <button
          type="button"
          className="button button--small"
          aria-label="More parallel downloads"
          disabled={disabled || value >= MAX_MAX_PARALLEL}
          onClick={() => set(value + 1)}
        >
          +
        </button>
      </div>
    </fieldset>
  );
}
