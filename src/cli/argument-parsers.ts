/**
 * Commander argument parsers. They throw commander's InvalidArgumentError, so a malformed flag value is a
 * usage error (exit 2) with commander's message naming the flag.
 */
import { InvalidArgumentError } from 'commander';
import { isHubgetError } from '../errors.js';
import { parseByteRate } from './parse-byte-rate.js';

/** An integer ≥ 1 (`--max-workers`, `--connections`). */
export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number ≥ 1.');
  }
  return value;
}

/** Seconds > 0, fractions allowed (`--stall-timeout 2.5`); returned in milliseconds. */
export function parseSecondsToMs(text: string): number {
  const value = Number(text);
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) || !(value > 0)) {
    throw new InvalidArgumentError('expected a number of seconds > 0.');
  }
  return Math.round(value * 1000);
}

/** `--limit-rate`: bytes per second (see parse-byte-rate.ts for the units). */
export function parseRateArgument(text: string): number {
  try {
    return parseByteRate(text);
  } catch (error) {
    if (isHubgetError(error)) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}
