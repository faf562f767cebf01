import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectWholePaths } from '../../test/support/cli/whole-paths.js';
import { HubgetError } from '../errors.js';
import {
  debugDetails,
  errorLine,
  interruptedMessage,
  isDebugEnabled,
  keptSuffix,
  reportFailure,
  showsDetails,
} from './cli-error.js';

describe('errorLine', () => {
  it('prints the code and the message on one line', () => {
    const error = new HubgetError('REPO_NOT_FOUND', 'Repository not found:\n  org/name');
    expect(errorLine(error)).toBe('error [REPO_NOT_FOUND]: Repository not found: org/name');
  });
  it('gives unexpected errors a code, and maps ENOSPC and aborts', () => {
    expect(errorLine(new TypeError('boom'))).toBe(
      'error [INTERNAL_ERROR]: Internal error (a bug in hubget, please report it): TypeError: boom',
    );
    const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    expect(errorLine(enospc)).toBe('error [DISK_FULL]: No space left on device');
    expect(errorLine('plain string')).toBe(
      'error [INTERNAL_ERROR]: Internal error (a bug in hubget, please report it): plain string',
    );
  });
});

describe('debug output', () => {
  it('includes the cause chain', () => {
    const error = new HubgetError('NETWORK_UNREACHABLE', 'cannot reach', {
      cause: new Error('ECONNREFUSED'),
    });
    const details = debugDetails(error);
    expect(details).toContain('cannot reach');
    expect(details).toContain('Caused by:');
    expect(details).toContain('ECONNREFUSED');
  });
  it('is on only for a truthy HUBGET_DEBUG', () => {
    expect(isDebugEnabled({ HUBGET_DEBUG: '1' })).toBe(true);
    expect(isDebugEnabled({ HUBGET_DEBUG: '0' })).toBe(false);
    expect(isDebugEnabled({})).toBe(false);
  });
});

describe('showsDetails', () => {
  it('prints the stack of a bug even without HUBGET_DEBUG, of an expected error only with it', () => {
    expect(showsDetails(new TypeError('x is not a function'), {})).toBe(true);
    expect(showsDetails(new HubgetError('REPO_NOT_FOUND', 'no'), {})).toBe(false);
    expect(showsDetails(new HubgetError('REPO_NOT_FOUND', 'no'), { HUBGET_DEBUG: '1' })).toBe(true);
  });
});

describe('reportFailure', () => {
  it('shows the control characters of a server message as escapes', () => {
    const written: string[] = [];
    const stderr = new PassThrough().on('data', (chunk: Buffer) => written.push(chunk.toString()));
    reportFailure({ stderr, env: {} }, new HubgetError('HUB_HTTP_ERROR', 'Server said \u001b[2Jgone'));
    expect(written.join('')).toBe('error [HUB_HTTP_ERROR]: Server said \\x1b[2Jgone\n');
  });
});

describe('reportFailure on a terminal', () => {
  const notFound = new HubgetError(
    'REPO_NOT_FOUND',
    'Repository not found: org/missing-model (check the id, or whether it is private)',
  );
  function reported(stderrShape: { isTTY?: boolean; columns?: number }, error = notFound): string {
    let written = '';
    const stderr = Object.assign(new PassThrough(), stderrShape);
    stderr.on('data', (chunk: Buffer) => {
      written += chunk.toString();
    });
    reportFailure({ stderr, env: {} }, error);
    return written;
  }
  it('breaks the error line at spaces to the width of a terminal, the code first', () => {
    expect(reported({ isTTY: true, columns: 40 })).toBe(
      [
        'error [REPO_NOT_FOUND]: Repository not',
        '  found: org/missing-model (check the',
        '  id, or whether it is private)',
        '',
      ].join('\n'),
    );
  });
  it('keeps it one line off a terminal, for scripts and logs', () => {
    expect(reported({})).toBe(`${errorLine(notFound)}\n`);
    expect(reported({})).not.toContain('\n  ');
  });
  it.each([40, 60])(
    'says each file it names whole on one line at %i columns, for the terminal to wrap',
    (columns) => {
      const folder = '/home/ada/models/a-local-dir-with-a-long-name/Tiny-Q4_K_M.gguf/sub/.cache/huggingface';
      const file = '/home/ada/models/a-local-dir-with-a-long-name/Tiny-Q4_K_M.gguf';
      const error = new HubgetError(
        'IO_ERROR',
        `Cannot create the folder ${folder} — ${file} is a file, not a folder`,
      );
      const lines = reported({ isTTY: true, columns }, error).split('\n').filter(Boolean);
      // Broken after a `/` or `-`, a path was copied with a newline and an indent in it.
      expectWholePaths(lines, columns - 1, [folder, file]);
      expect(lines[0]).toMatch(/^error \[IO_ERROR\]: Cannot create the/);
    },
  );
});

describe('errorLine: where the token comes from', () => {
  it('is added to a Hub refusal a token may cure, by whether one was sent', () => {
    const refused = (
      code: 'GATED_REPO' | 'REPO_NOT_FOUND' | 'UNAUTHORIZED',
      status: number,
      tokenSent?: boolean,
    ) =>
      errorLine(
        new HubgetError(code, 'Refused', { status, details: tokenSent === undefined ? {} : { tokenSent } }),
      );
    expect(refused('GATED_REPO', 401, false)).toBe(
      'error [GATED_REPO]: Refused (pass a token with --token or HF_TOKEN)',
    );
    expect(refused('GATED_REPO', 401, true)).toMatch(/\(the token came from --token, HF_TOKEN, .*\)$/);
    expect(refused('GATED_REPO', 403, true)).toBe('error [GATED_REPO]: Refused');
    expect(refused('REPO_NOT_FOUND', 404, false)).toMatch(/\(pass a token with --token or HF_TOKEN\)$/);
    expect(refused('REPO_NOT_FOUND', 404, true)).toBe('error [REPO_NOT_FOUND]: Refused');
    expect(refused('REPO_NOT_FOUND', 404)).toBe('error [REPO_NOT_FOUND]: Refused');
    expect(refused('UNAUTHORIZED', 401)).toMatch(/\(the token came from /);
  });
});

describe('interruptedMessage', () => {
  it('says how much is kept on disk, once some is', () => {
    expect(interruptedMessage({ downloaded: 58_400_000, total: 125_829_120 })).toBe(
      'Interrupted: 58.40 MB of 125.83 MB kept — run the same command again to resume',
    );
    expect(interruptedMessage({ downloaded: 0, total: 125_829_120 })).toBe(
      'Interrupted — run the same command again to resume',
    );
    expect(interruptedMessage()).toBe('Interrupted — run the same command again to resume');
  });
});

describe('keptSuffix', () => {
  const kept = { downloaded: 58_400_000, total: 125_830_000 };
  it('says what a failed download kept when a second run may finish it', () => {
    expect(keptSuffix(new HubgetError('TRANSFER_FAILED', 'x'), kept)).toBe(
      ' — 58.40 MB of 125.83 MB kept: run the same command again to resume',
    );
    // Run again as it is, a full disk fails the same way: the hint says to free space first.
    expect(keptSuffix(new HubgetError('DISK_FULL', 'x'), kept)).toMatch(
      /kept: free some space, then run the same command again to resume$/,
    );
  });
  it('says nothing when nothing is on disk, or when running it again cannot help', () => {
    expect(keptSuffix(new HubgetError('TRANSFER_FAILED', 'x'), { downloaded: 0, total: 10 })).toBe('');
    expect(keptSuffix(new HubgetError('TRANSFER_FAILED', 'x'))).toBe('');
    expect(keptSuffix(new HubgetError('GATED_REPO', 'x'), kept)).toBe('');
    expect(keptSuffix(new HubgetError('INTEGRITY_MISMATCH', 'x'), kept)).toBe('');
  });
});
