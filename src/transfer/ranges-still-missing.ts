/**
 * The guard at the end of a file's segmented fetch (segmented-fetch.ts): every lane stopped, three rounds of
 * lanes ran over what was still missing, no error came, and bytes are still not on disk. No fault of the Hub
 * leads here (each ends in its own error); it is a bug of the engine, said with the file's name quoted as every
 * path is (src/format/shell-word.ts), where bare, `Ranges still missing in my weights.bin` read as a file `my`.
 */
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';

/** `Ranges still missing in 'my weights.bin' after the transfer` (TRANSFER_FAILED). */
export function rangesStillMissingError(path: string): HubgetError {
  return new HubgetError('TRANSFER_FAILED', `Ranges still missing in ${shellWord(path)} after the transfer`);
}
