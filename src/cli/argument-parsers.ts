/**
 * Commander argument parsers. They throw commander's InvalidArgumentError, so a malformed flag value is a
 * usage error (exit 2) with commander's message naming the flag.
 */
import { InvalidArgumentError } from 'commander';
import { type QuantReference, splitQuantSuffix } from '../catalog/gguf-quants.js';
import { MAX_STALL_TIMEOUT_MS, MIN_STALL_TIMEOUT_MS } from '../defaults.js';
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

/** Seconds > 0, fractions allowed (`--log-interval 0.5`); returned in milliseconds. */
export function parseSecondsToMs(text: string): number {
  const value = Number(text);
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) || !(value > 0)) {
    throw new InvalidArgumentError('expected a number of seconds > 0.');
  }
  return Math.round(value * 1000);
}

/**
 * `--stall-timeout`: seconds within the limits the server's setting has (1 s to 1 h): below, every pause of a
 * healthy connection would be cut; above, a hang goes unnoticed for hours. Returned in milliseconds.
 */
export function parseStallTimeout(text: string): number {
  const ms = parseSecondsToMs(text);
  if (ms < MIN_STALL_TIMEOUT_MS || ms > MAX_STALL_TIMEOUT_MS) {
    throw new InvalidArgumentError(
      `expected seconds from ${MIN_STALL_TIMEOUT_MS / 1000} to ${MAX_STALL_TIMEOUT_MS / 1000}.`,
    );
  }
  return ms;
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

/** `REPO_ID[:QUANT]` of `hubget download`: a `:` must be followed by a quantization (gguf-quants.ts). */
export function parseRepoReference(text: string): QuantReference {
  try {
    return splitQuantSuffix(text);
  } catch (error) {
    if (isHubgetError(error)) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}
