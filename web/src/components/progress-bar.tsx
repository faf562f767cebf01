/** An accessible progress bar: role progressbar, 0–100, named after what is being downloaded. */
export function ProgressBar({
  percent,
  label,
  state,
}: {
  percent: number;
  label: string;
  state?: 'running' | 'paused' | 'stalled' | 'failed' | 'done' | 'idle';
}) {
  const value = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  const rounded = Math.round(value * 10) / 10;
  return (
    <div
      className={`progress progress--${state ?? 'running'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={rounded}
      aria-valuetext={`${rounded.toFixed(1)}%`}
    >
      <div className="progress__fill" style={{ width: `${value}%` }} />
    </div>
  );
}
