/**
 * A fake terminal for the TTY renderer's tests (src/cli/renderers/): a TTY stream of `columns` that keeps what is
 * written, and the progress event of a one-file download.
 */
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type { CliIo } from '../../../src/cli/cli-io.js';
import type { TransferEvent } from '../../../src/progress/index.js';

export function fakeTerminal(columns = 140) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { stream, text: () => stripVTControlCharacters(written), raw: () => written };
}

/**
 * A CliIo whose stderr is a 60-column terminal (`terminal`) or a pipe, keeping what is written (`shown`, escape
 * sequences and all); stdout is drained.
 */
export function stderrOnTerminal(terminal: boolean, env: CliIo['env'] = {}) {
  const stderr = Object.assign(new PassThrough(), terminal ? { isTTY: true, columns: 60 } : {});
  const stdout = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  stdout.resume();
  const io: CliIo = { stdout, stderr, env, onSignal: () => () => {} };
  return { io, shown: () => shown };
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
