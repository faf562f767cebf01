/**
 * A uPlot time-series chart that fills its container's width and follows it on resize. Colours come from
 * CSS variables so the chart matches the light or dark theme.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatSpeed } from '../format/units.js';

export interface ChartSeries {
  label: string;
  /** A CSS colour or `var(--name)`. */
  color: string;
  values: (number | null)[];
  fill?: boolean;
  dash?: number[];
}

function resolveColor(element: HTMLElement, color: string): string {
  const match = /^var\((--[\w-]+)\)$/.exec(color.trim());
  if (!match?.[1]) return color;
  return getComputedStyle(element).getPropertyValue(match[1]).trim() || '#888';
}

function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (!hex?.[1]) return color;
  const value = Number.parseInt(hex[1], 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** An x range of `seconds` ending at the newest point (the data's own range while there is none). */
export function windowRange(seconds: number): uPlot.Range.Function {
  return (_u, min, max) => (Number.isFinite(max) ? [max - seconds, max] : [min, max]);
}

export function TimeChart({
  times,
  series,
  height = 220,
  label,
  yFormat = formatSpeed,
  windowSeconds,
}: {
  /** Unix seconds, ascending. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  /** Accessible description of the chart. */
  label: string;
  yFormat?: (value: number) => string;
  /**
   * The x axis always spans this many seconds up to the newest point ("the last 10 minutes"), however little
   * history there is yet; without it, the span of the data (a few seconds read `:33.500 :34.000`).
   */
  windowSeconds?: number;
}) {
  const containerRef = useRef<HTMLElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const seriesKey = series.map((entry) => `${entry.label}|${entry.color}`).join(',');
  const data: uPlot.AlignedData = [times, ...series.map((entry) => entry.values)];
  const dataRef = useRef(data);
  dataRef.current = data;

  // (Re)create the chart when the set of series changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: series identity is captured by seriesKey.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const axisColor = resolveColor(container, 'var(--text-muted)');
    const gridColor = resolveColor(container, 'var(--border)');
    const axis: uPlot.Axis = {
      stroke: axisColor,
      grid: { stroke: gridColor, width: 1 },
      ticks: { stroke: gridColor, width: 1 },
    };
    const options: uPlot.Options = {
      width: Math.max(200, container.clientWidth),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: windowSeconds === undefined ? { time: true } : { time: true, range: windowRange(windowSeconds) },
        y: { range: (_u, _min, max) => [0, Math.max(max * 1.1, 1000)] },
      },
      axes: [{ ...axis }, { ...axis, size: 78, values: (_u, ticks) => ticks.map((tick) => yFormat(tick)) }],
      series: [
        {},
        ...series.map((entry): uPlot.Series => {
          const stroke = resolveColor(container, entry.color);
          return {
            label: entry.label,
            stroke,
            width: 2,
            dash: entry.dash,
            fill: entry.fill ? withAlpha(stroke, 0.15) : undefined,
            points: { show: false },
            value: (_u, value) => (value === null || value === undefined ? '—' : yFormat(value)),
          };
        }),
      ],
    };
    const plot = new uPlot(options, dataRef.current, container);
    plotRef.current = plot;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => plot.setSize({ width: Math.max(200, container.clientWidth), height }));
    observer?.observe(container);
    return () => {
      observer?.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [seriesKey, height, windowSeconds]);

  useEffect(() => {
    plotRef.current?.setData(data);
  });

  return <figure ref={containerRef} className="chart" aria-label={label} />;
}
