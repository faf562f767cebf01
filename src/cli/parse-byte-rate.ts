/**
 * Parses `--limit-rate` values. Decision (docs/cli.md): K/M/G are decimal (`20M` = 20·10^6 bytes/s), the
 * same units the progress display uses, so `--limit-rate 20M` shows up as `20.0 MB/s`. Binary units need
 * the `i`: `20Mi` / `20MiB` = 20·2^20 bytes/s. Note that curl and aria2c read a bare `M` as MiB (4.9 % more).
 * A trailing `B` and `/s` are optional; `0` means unlimited. A positive rate under half a byte per second
 * (`0.4`, `0.0004K`) is refused: rounded it would be 0, and a cap must never silently become "no cap".
 */
import { HubgetError } from '../errors.js';

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
};

const RATE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]i?)?b?(?:\/s)?$/i;

/** Bytes per second (an integer ≥ 0) from `20M`, `1.5MB/s`, `512Ki`, `100000`. Throws INVALID_ARGUMENT. */
export function parseByteRate(text: string): number {
  const match = RATE_PATTERN.exec(text.trim());
  if (!match) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `invalid rate "${text}": expected bytes per second such as 500K, 20M, 1.5G or 20MiB`,
    );
  }
  const [, amount = '', unit = ''] = match;
  const multiplier = MULTIPLIERS[unit.toLowerCase()];
  if (multiplier === undefined) {
    throw new HubgetError('INVALID_ARGUMENT', `invalid rate "${text}": unknown unit "${unit}"`);
  }
  const bytesPerSecond = Math.round(Number(amount) * multiplier);
  if (!Number.isSafeInteger(bytesPerSecond)) {
    throw new HubgetError('INVALID_ARGUMENT', `invalid rate "${text}": too large`);
  }
  if (bytesPerSecond === 0 && Number(amount) > 0) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `invalid rate "${text}": under 1 byte per second (0 means no limit); the smallest limit is 1`,
    );
  }
  return bytesPerSecond;
}
