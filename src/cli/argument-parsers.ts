/**
 * Commander argument parsers. They throw commander's InvalidArgumentError, so a malformed flag value is a
 * usage error (exit 2) with commander's message naming the flag.
 */
import { InvalidArgumentError } from 'commander';
import { splitQuantSuffix } from '../catalog/gguf-quants.js';
import { isHubgetError } from '../errors.js';
import { endSentence } from '../format/path-punctuation.js';
import { normaliseEndpoint } from '../hub/endpoint.js';
import { MAX_SEARCH_LIMIT } from '../hub/search-limits.js';
import { STALL_TIMEOUT_RANGE, stallTimeoutMsOfSeconds } from '../stall-timeout.js';
import { parseByteRate } from './parse-byte-rate.js';
import { parseRepoArgument, type RepoArgument } from './repo-argument.js';

/** A whole number ≥ 1 as typed (`16`), or undefined for anything else (`0`, `-1`, `1.5`, `1e3`, `x`). */
function positiveIntegerIn(text: string): number | undefined {
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/** An integer ≥ 1 (`--max-workers`, `--connections`). */
export function parsePositiveInteger(text: string): number {
  const value = positiveIntegerIn(text);
  if (value === undefined) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return value;
}

/**
 * `search --limit`: 1 to MAX_SEARCH_LIMIT, the most one Hub search answers (a larger one is refused, not cut).
 * Any value outside (`0`, `abc`, `500`) gets the one message that says the range: `0` was told `≥ 1` alone.
 */
export function parseSearchLimit(text: string): number {
  const value = positiveIntegerIn(text);
  if (value === undefined || value > MAX_SEARCH_LIMIT) {
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_SEARCH_LIMIT} (the most one Hub search answers).`,
    );
  }
  return value;
}

/** Seconds as typed (`30`, `2.5`, `.25`), or undefined for anything else (`-3`, `soon`, `1e3`). */
function secondsIn(text: string): number | undefined {
  return /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : undefined;
}

/** Seconds > 0, fractions allowed (`--log-interval 0.5`); returned in milliseconds. */
export function parseSecondsToMs(text: string): number {
  const seconds = secondsIn(text);
  if (seconds === undefined || !(seconds > 0)) {
    throw new InvalidArgumentError('expected a number of seconds > 0.');
  }
  return Math.round(seconds * 1000);
}

/**
 * `--stall-timeout`: seconds by the server setting's rule (src/stall-timeout.ts: whole seconds, 5 s to 1 h):
 * below, every pause of a healthy connection would be cut; above, a hang goes unnoticed for hours. Returned
 * in milliseconds. Any value outside (`0`, `2.5` and `x` too) gets the one message that says the range.
 */
export function parseStallTimeout(text: string): number {
  const seconds = secondsIn(text);
  const ms = seconds === undefined ? null : stallTimeoutMsOfSeconds(seconds);
  if (ms === null) throw new InvalidArgumentError(`expected ${STALL_TIMEOUT_RANGE}.`);
  return ms;
}

/** `--endpoint`: an http(s) URL without credentials, by the one endpoint rule (src/hub/endpoint.ts). */
export function parseEndpointArgument(text: string): string {
  return asUsageError(() => normaliseEndpoint(text, '--endpoint'));
}

/** `--limit-rate`: bytes per second (see parse-byte-rate.ts for the units). */
export function parseRateArgument(text: string): number {
  return asUsageError(() => parseByteRate(text));
}

/** `REPO_ID` of `hubget download`: a repository argument (repo-argument.ts), then perhaps `:QUANT`. */
export interface DownloadReference extends RepoArgument {
  /** `org/name:Q4_K_M`: one GGUF quantization (gguf-quants.ts). */
  quant?: string;
}

/**
 * `REPO_ID[@REV][:QUANT]` of `hubget download`, or a Hub URL (repo-argument.ts): a `:` must be followed by
 * a quantization (gguf-quants.ts).
 */
export function parseRepoReference(text: string): DownloadReference {
  return asUsageError(() => {
    const { repoId, quant } = splitQuantSuffix(text);
    return { ...parseRepoArgument(repoId), ...(quant !== undefined && { quant }) };
  });
}

/**
 * `REPO[@REVISION][:QUANT]` of `hubget rm`, or a Hub URL of the repository (not of one file: rm deletes no
 * single file). `org/name:Q8_0`, as `download` takes it, names one GGUF quantization to delete
 * (src/cache/delete-quant.ts).
 */
export function parseRmReference(text: string): DownloadReference {
  // A `:` with nothing after it names no quantization: it is left to the repo id's check.
  const { repoId, quant } = /:\s*$/.test(text)
    ? { repoId: text }
    : asUsageError(() => splitQuantSuffix(text));
  const argument = asUsageError(() => parseRepoArgument(repoId));
  if (argument.filename !== undefined) {
    throw new InvalidArgumentError(
      `"${text}" names one file; rm deletes a repository, a revision (${argument.repoId}@${argument.revision}) or a quantization (${argument.repoId}:QUANT).`,
    );
  }
  return { ...argument, ...(quant !== undefined && { quant }) };
}

/** A HubgetError of a parser becomes commander's usage error (exit 2) with its message. */
function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isHubgetError(error)) throw new InvalidArgumentError(endSentence(error.message));
    throw error;
  }
}
