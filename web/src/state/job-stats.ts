/** Derived figures for finished jobs (Downloads page history). */
import type { JobView, SpeedSample } from '../../../src/api-types.js';
import { fetchedOf, hubWaitedFigure, jobByteFigures } from '../../../src/format/job-figures.js';
import { formatSpeed, formatTook, secondsBetween } from '../format/units.js';

/** Seconds from start to finish (pauses included), null if either end is unknown. */
export function jobDurationSeconds(job: JobView): number | null {
  return secondsBetween(job.startedAt, job.finishedAt);
}

/** Samples come about once a second while a job runs; a longer gap between two is a pause. */
const GAP_FACTOR = 3;
const MIN_GAP_MS = 1500;

function medianInterval(samples: SpeedSample[]): number {
  const intervals: number[] = [];
  for (let index = 1; index < samples.length; index++) {
    intervals.push(samples[index]!.t - samples[index - 1]!.t);
  }
  intervals.sort((a, b) => a - b);
  return intervals[Math.floor(intervals.length / 2)] ?? 0;
}

/**
 * The longest interval between two samples of a job that kept running: three of its usual intervals, at least
 * 1.5 s. A longer one is a gap (a pause, a restart, waiting in the queue), the one rule for the average speed
 * and the speed chart.
 */
export function sampleGapMs(samples: SpeedSample[]): number {
  return Math.max(MIN_GAP_MS, GAP_FACTOR * medianInterval(samples));
}

/**
 * The history chart's points: seconds and speeds, with a point of no value inside each gap between samples
 * (`sampleGapMs`), which uPlot leaves undrawn, so a pause is a break in the line, not a slope from the speed
 * before it to the one after.
 */
export function speedChartPoints(samples: SpeedSample[]): { times: number[]; values: (number | null)[] } {
  const gapMs = sampleGapMs(samples);
  const times: number[] = [];
  const values: (number | null)[] = [];
  samples.forEach((sample, index) => {
    const previous = samples[index - 1];
    if (previous && sample.t - previous.t > gapMs) {
      times.push((previous.t + sample.t) / 2 / 1000);
      values.push(null);
    }
    times.push(sample.t / 1000);
    values.push(sample.bytesPerSecond);
  });
  return { times, values };
}

/**
 * What the job fetched itself between two samples: the growth of its `fetchedBytes`, never of `downloaded`,
 * which also grows with bytes another download lands for it. Between samples stored before the count was
 * (either end null), what landed on disk is all there is to go by.
 */
function fetchedBetween(previous: SpeedSample, current: SpeedSample): number {
  if (previous.fetchedBytes === null || current.fetchedBytes === null) {
    return current.downloaded - previous.downloaded;
  }
  return current.fetchedBytes - previous.fetchedBytes;
}

/** What an average speed is measured over: bytes fetched and the seconds they took. */
export interface FetchingMeasure {
  bytes: number;
  seconds: number;
}

/**
 * What the average speed is measured over: the bytes the job fetched itself (`fetchedBytes`) and the time its
 * runs were fetching (`fetchingMs`, the engine's own clock: pauses, queueing and waiting for another download
 * left out, never more than the job's duration), so the figure is the same before and after the speed samples
 * are loaded. For a job stored before that time was recorded, with its samples: bytes it fetched itself over the
 * intervals where its fetched count grew, skipping the gaps (`sampleGapMs`) a pause leaves between samples.
 * Without either: bytes fetched over the job's duration. Null when nothing was fetched: there was no transfer
 * to measure.
 */
export function fetchingMeasure(job: JobView, samples: SpeedSample[] | null): FetchingMeasure | null {
  const duration = jobDurationSeconds(job);
  if (job.fetchingMs !== null && job.fetchingMs > 0 && job.fetchedBytes !== null) {
    const seconds = Math.min(job.fetchingMs / 1000, duration ?? Number.POSITIVE_INFINITY);
    return job.fetchedBytes > 0 && seconds > 0 ? { bytes: job.fetchedBytes, seconds } : null;
  }
  if (samples && samples.length >= 2) {
    const gapMs = sampleGapMs(samples);
    let fetched = 0;
    let activeMs = 0;
    for (let index = 1; index < samples.length; index++) {
      const previous = samples[index - 1]!;
      const current = samples[index]!;
      const grew = fetchedBetween(previous, current);
      const intervalMs = current.t - previous.t;
      if (grew > 0 && intervalMs > 0 && intervalMs <= gapMs) {
        fetched += grew;
        activeMs += intervalMs;
      }
    }
    if (activeMs > 0) return { bytes: fetched, seconds: activeMs / 1000 };
  }
  const fetched = fetchedOf(job);
  return duration && fetched > 0 ? { bytes: fetched, seconds: duration } : null;
}

/** Average transfer speed in bytes/s over `fetchingMeasure`; null when nothing was fetched. */
export function averageSpeed(job: JobView, samples: SpeedSample[] | null): number | null {
  const measure = fetchingMeasure(job, samples);
  return measure ? measure.bytes / measure.seconds : null;
}

/**
 * `Start to finish 5 s`, `Start to finish 0.4 s`: the time from the job's first start to its finish, which
 * is not the time it ran (a pause, queueing, and the time it sat failed before a Retry are in it; no record says
 * how long those were), so the label says what it counts; the average names the time it was fetching.
 */
function durationLabel(seconds: number): string {
  return `Start to finish ${formatTook(seconds)}`;
}

/**
 * `Average 3.1 MB/s`, over the time the job was fetching, which it names when it reads differently from the
 * duration (`Average 3.1 MB/s over 29 s fetching` beside `Start to finish 6 min 23 s`: a pause, queueing, waiting
 * for another download, a failure before a Retry), so the figures multiply out; `Average 1.2 MB/s in 80 ms
 * fetching` beside `Start to finish 1.4 s`. Times taken as the CLI says them (formatTook, src/format/units.ts).
 */
function averageFigure(measure: FetchingMeasure | null, durationSeconds: number | null): string | null {
  if (!measure) return null;
  const speed = formatSpeed(measure.bytes / measure.seconds);
  // A few bytes over minutes (a failed job that kept retrying) reads as no speed at all: none is shown.
  if (speed === formatSpeed(0)) return null;
  const average = `Average ${speed}`;
  const fetching = formatTook(measure.seconds);
  if (durationSeconds === null || fetching === formatTook(durationSeconds)) return average;
  // `over 80 ms fetching` reads as a slip: a time under a second is what it was fetched *in*.
  return `${average} ${measure.seconds < 1 ? 'in' : 'over'} ${fetching} fetching`;
}

/**
 * The figures of a finished job in the history, the same rule for every outcome: what it fetched (and what
 * another download fetched for it, and what it copied from the HF cache), then its duration and average speed
 * only when it fetched something itself (no "0 s", "0 B/s" or bare dash; no average either when it rounds
 * to 0 B/s), the average naming the fetching
 * time it is over when that is not the duration, then how long it waited for the Hub (hubWaitedFigure, also when
 * it fetched nothing: a job that gave up after minutes of `429`s). A completed job shows its size, and says when it found every
 * byte on disk; a cancelled or failed one shows how much it fetched of its size.
 */
export function historyFigures(job: JobView, samples: SpeedSample[] | null): string[] {
  const fetched = fetchedOf(job);
  const figures = jobByteFigures(job);
  const seconds = jobDurationSeconds(job);
  const waited = hubWaitedFigure(job);
  if (fetched > 0) {
    if (seconds !== null) figures.push(durationLabel(seconds));
    const average = averageFigure(fetchingMeasure(job, samples), seconds);
    if (average) figures.push(average);
  }
  return waited ? [...figures, waited] : figures;
}
