import { describe, expect, it } from 'vitest';
import { errorFromResponse, isUnreachableError, messageOf, sanitizeMessage, UiError } from './errors.js';

describe('errorFromResponse', () => {
  it("uses the server's ApiError message", () => {
    const error = errorFromResponse(
      404,
      JSON.stringify({ code: 'REPO_NOT_FOUND', message: 'Repository org/x not found' }),
    );
    expect(error.message).toBe('Repository org/x not found');
    expect(error.code).toBe('REPO_NOT_FOUND');
    expect(error.status).toBe(404);
  });

  it("says a refused form field with the form's label (field-labels.ts), the field kept for the form to mark", () => {
    const refusal = (field: string) =>
      errorFromResponse(
        400,
        JSON.stringify({
          code: 'INVALID_ARGUMENT',
          message: `Invalid body field "${field}": expected a branch, tag, commit or refs/pr/N`,
          field,
          problem: 'expected a branch, tag, commit or refs/pr/N',
        }),
      );
    expect([refusal('revision').message, refusal('revision').field]).toEqual([
      'Revision: expected a branch, tag, commit or refs/pr/N',
      'revision',
    ]);
    // An item of a list is its list's field; a field no form has keeps the server's message.
    expect(refusal('include.2').message).toBe(
      'Include patterns: expected a branch, tag, commit or refs/pr/N',
    );
    expect([refusal('colour').message, refusal('colour').field]).toEqual([
      'Invalid body field "colour": expected a branch, tag, commit or refs/pr/N',
      null,
    ]);
  });

  it('never shows a raw body: non-JSON falls back to a sentence per status', () => {
    const error = errorFromResponse(502, '<html><body>Bad gateway</body></html>');
    expect(error.message).toBe('The Hub could not be reached.');
    expect(errorFromResponse(418, '{"weird":true}').message).toBe('The server answered with status 418.');
  });
});

describe('sanitizeMessage', () => {
  it('shows control and bidi-override characters of a quoted file name as escapes', () => {
    expect(sanitizeMessage('evil\u202egpj.exe: gave up \u001b[2J')).toBe(
      'evil\\u202egpj.exe: gave up \\x1b[2J',
    );
  });

  it('drops stack traces and masks tokens', () => {
    expect(sanitizeMessage('Failed with hf_AbCdEfGhIjKlMnOp\n    at foo (bar.js:1:2)')).toBe(
      'Failed with hf_…',
    );
    expect(sanitizeMessage('x'.repeat(400))).toHaveLength(300);
  });
});

describe('messageOf', () => {
  it('keeps UiError messages and hides everything else', () => {
    expect(messageOf(new UiError('Nope'))).toBe('Nope');
    expect(messageOf(new Error('internal detail at /src/secret.ts'))).toBe('Something went wrong.');
  });
});

describe('isUnreachableError', () => {
  it('is true when hubget did not answer: no connection, or a gateway answering for it', () => {
    expect(isUnreachableError(new UiError('Cannot reach the hubget server. Is it running?', 'NETWORK'))).toBe(
      true,
    );
    expect(isUnreachableError(new TypeError('Failed to fetch'))).toBe(true);
    expect(isUnreachableError(errorFromResponse(502, '<html>Bad Gateway</html>'))).toBe(true);
    expect(isUnreachableError(errorFromResponse(504, ''))).toBe(true);
  });

  it('is false for any answer from hubget, an error one included', () => {
    const hubDown = JSON.stringify({ code: 'NETWORK_UNREACHABLE', message: 'The Hub could not be reached' });
    expect(isUnreachableError(errorFromResponse(503, hubDown))).toBe(false);
    expect(isUnreachableError(errorFromResponse(500, ''))).toBe(false);
    expect(isUnreachableError(errorFromResponse(401, ''))).toBe(false);
    expect(isUnreachableError(new Error('other'))).toBe(false);
  });
});
