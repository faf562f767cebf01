/**
 * A fake terminal for the TTY renderer's tests (src/cli/renderers/): a TTY stream of `columns` that keeps what is
 * written, and the progress event of a one-file download.
 */
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type { TransferEvent } from '../../../src/progress/index.js';

export function fakeTerminal(columns = 140) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { stream, text: () => stripVTControlCharacters(written), raw: () => written };
}

/** Progress of a one-file download of 10 bytes, `downloaded` of them in (at as many bytes per second). */
export function oneFileProgress(path: string, downloaded: number): TransferEvent {
  return {
    type: 'progress',
    downloaded,
    total: 10,
    bytesPerSecond: downloaded,
    etaSeconds: downloaded > 0 ? Math.ceil((10 - downloaded) / downloaded) : null,
    filesDone: 0,
    filesTotal: 1,
    fetchedBytes: downloaded,
    fetchingMs: 1000,
    otherRunBytes: 0,
    copiedBytes: 0,
    activeFiles: [
      {
        path,
        downloaded,
        size: 10,
        bytesPerSecond: downloaded,
        etaSeconds: downloaded > 0 ? Math.ceil((10 - downloaded) / downloaded) : null,
      },
    ],
  };
}
