/** Derived figures for finished jobs (Downloads page history). */
import type { JobView, SpeedSample } from '../../../src/api-types.js';
import { fetchedInWords, inAllWords } from '../../../src/format/fetch-time-words.js';
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
 * Fewer samples than this draw no speed line worth reading: one is a dot uPlot does not draw (the chart of a
 * download fetched in 50 ms was empty), two a ramp from the first sample's 0 B/s to the last one's speed.
 * Samples come about once a second, so a job that fetched for under about 2 s has no chart: the History says why.
 */
const MIN_CHART_SAMPLES = 3;

/** Whether `samples` make a speed chart (MIN_CHART_SAMPLES). */
export function chartable(samples: readonly SpeedSample[]): boolean {
  return samples.length >= MIN_CHART_SAMPLES;
}

/**
 * What the chart's place says instead of a chart too short to draw: `Fetched in 53 ms: too short for a speed chart
 * (the speed is sampled once a second).`, its time the History's (fetchingMeasure).
 */
export function noChartWords(job: JobView, samples: SpeedSample[]): string {
  const measure = fetchingMeasure(job, samples);
  const took = measure ? `Fetched in ${formatTook(measure.seconds)}: too short` : 'Too short';
  return `${took} for a speed chart (the speed is sampled once a second).`;
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
 * `fetched in 0.3 s (276 kB/s)`, then `4.6 s in all` when the job's start to finish holds more than its fetching
 * worth saying (a pause, queueing, waiting for the Hub or another download, a failure before a Retry): the CLI's
 * words (src/format/fetch-time-words.ts), one time per job unless the other says something. Without an average
 * (it rounds to 0 B/s: a few bytes over minutes of retries), the start to finish alone.
 */
function timeFigures(measure: FetchingMeasure | null, durationSeconds: number | null): string[] {
  const speed = measure ? measure.bytes / measure.seconds : 0;
  const all = durationSeconds === null ? null : `${formatTook(durationSeconds)} in all`;
  if (!measure || formatSpeed(speed) === formatSpeed(0)) return all ? [all] : [];
  const fetched = fetchedInWords(measure.seconds, speed);
  if (durationSeconds === null) return [fetched];
  const inAll = inAllWords(durationSeconds * 1000, measure.seconds * 1000);
  return inAll ? [fetched, inAll] : [fetched];
}

/**
 * The figures of a finished job in the history, the same rule for every outcome: what it fetched (and what
 * another download fetched for it, and what it copied from the HF cache), then how long it fetched and its
 * average speed only when it fetched something itself (no "0 s", "0 B/s" or bare dash; no average either when it
 * rounds to 0 B/s), its start to finish when that says more (timeFigures), then how long it waited for the Hub (hubWaitedFigure, also when
 * it fetched nothing: a job that gave up after minutes of `429`s). A completed job shows its size, and says when it found every
 * byte on disk; a cancelled or failed one shows how much it fetched of its size.
 */
export function historyFigures(job: JobView, samples: SpeedSample[] | null): string[] {
  const fetched = fetchedOf(job);
  const figures = jobByteFigures(job);
  const seconds = jobDurationSeconds(job);
  const waited = hubWaitedFigure(job);
  if (fetched > 0) figures.push(...timeFigures(fetchingMeasure(job, samples), seconds));
  return waited ? [...figures, waited] : figures;
}
