/**
 * A running job's range connections and why that many (`12 conns · line-bound`), the reason's sentence in the
 * tooltip; empty (hidden by its CSS) while none are open or the figures are not live (live-figures.ts).
 */
import type { JobLiveFigures } from '../format/live-figures.js';

export function ConnectionsFigure({ figures, className }: { figures: JobLiveFigures; className: string }) {
  return (
    <span className={`num ${className}`} title={figures.connectionsTitle}>
      {figures.connections}
      {figures.connections && figures.connectionsReason ? (
        <span className="connections-reason"> · {figures.connectionsReason}</span>
      ) : null}
    </span>
  );
}
