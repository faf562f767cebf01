import { describe, expect, it } from 'vitest';
import {
  conditionalOutcome,
  hasDateCondition,
  notModifiedReply,
  preconditionFailed,
} from './conditional-request.js';

const OID = 'e61d8f5af6836e13397309ce3aca3daf13d574a6';
const SHA = 'bee544382e62a1ae5f7e207b7eb2034f6c9180ef509e97bfeac4ce4b768c8e50';
const LFS = { etag: `"${OID}"`, 'x-linked-etag': `"${SHA}"`, 'x-repo-commit': 'c'.repeat(40) };
const REGULAR = { etag: `"${OID}"`, 'x-repo-commit': 'c'.repeat(40) };
const RANGE = 'bytes=10-';
const ranged = { kind: 'send', range: RANGE };
const whole = { kind: 'send', range: undefined };
const notModified = { kind: 'not-modified' };
const failed = { kind: 'precondition-failed' };

describe('conditionalOutcome', () => {
  it('If-None-Match: weak comparison with either tag of the answer, lists, `*`; before the range', () => {
    for (const header of [`"${OID}"`, `"${SHA}"`, `W/"${SHA}"`, ` "x" ,, W/"y", "${SHA}" `, '*']) {
      expect(conditionalOutcome({ ifNoneMatch: header, range: RANGE }, LFS), header).toEqual(notModified);
    }
    for (const header of ['"x"', SHA, `"${SHA}`, `"${SHA}" junk`, '', `"${SHA.slice(1)}"`]) {
      expect(conditionalOutcome({ ifNoneMatch: header, range: RANGE }, LFS), header).toEqual(ranged);
    }
    // A git-stored file has no sha256 tag to match.
    expect(conditionalOutcome({ ifNoneMatch: `"${SHA}"` }, REGULAR)).toEqual(whole);
    expect(conditionalOutcome({ ifNoneMatch: `"${OID}"` }, REGULAR)).toEqual(notModified);
  });

  it('If-Range: strong comparison with either tag, else the whole file; ignored without a Range', () => {
    for (const header of [`"${OID}"`, ` "${SHA}" `]) {
      expect(conditionalOutcome({ ifRange: header, range: RANGE }, LFS), header).toEqual(ranged);
    }
    for (const header of [`W/"${SHA}"`, '"x"', SHA, `"${OID}", "${SHA}"`, '']) {
      expect(conditionalOutcome({ ifRange: header, range: RANGE }, LFS), header).toEqual(whole);
    }
    expect(conditionalOutcome({ ifRange: '"x"' }, LFS)).toEqual(whole);
    expect(conditionalOutcome({ range: RANGE }, LFS)).toEqual(ranged);
    expect(conditionalOutcome({}, LFS)).toEqual(whole);
  });

  it('If-Range with a date: matches an equal Last-Modified only; none sent → the whole file', () => {
    const date = 'Sun, 06 Dec 2026 00:30:00 GMT';
    expect(conditionalOutcome({ ifRange: date, range: RANGE }, LFS)).toEqual(whole);
    const dated = { ...LFS, 'last-modified': date };
    expect(conditionalOutcome({ ifRange: date, range: RANGE }, dated)).toEqual(ranged);
    expect(conditionalOutcome({ ifRange: 'Sun, 06 Dec 2026 00:30:01 GMT', range: RANGE }, dated)).toEqual(
      whole,
    );
    expect(conditionalOutcome({ ifRange: 'not a date', range: RANGE }, dated)).toEqual(whole);
  });
});

describe('If-Match, If-Unmodified-Since, If-Modified-Since', () => {
  const STORED = Date.parse('Sun, 06 Dec 2026 00:30:00 GMT') + 400;
  const NOW = STORED + 3_600_000;
  const at = (ms: number) => new Date(ms).toUTCString();
  const before = at(STORED - 1000);
  const after = at(STORED + 1000);

  it('If-Match: strong comparison with either tag, or `*`, else 412; checked before everything else', () => {
    for (const header of [`"${OID}"`, `"${SHA}"`, `"x", "${SHA}"`, '*']) {
      expect(conditionalOutcome({ ifMatch: header, range: RANGE }, LFS), header).toEqual(ranged);
    }
    for (const header of [`W/"${SHA}"`, '"x"', SHA, '']) {
      expect(conditionalOutcome({ ifMatch: header, range: RANGE }, LFS), header).toEqual(failed);
    }
    expect(conditionalOutcome({ ifMatch: `"${SHA}"` }, REGULAR)).toEqual(failed);
    expect(conditionalOutcome({ ifMatch: '"x"', ifNoneMatch: `"${OID}"` }, LFS)).toEqual(failed);
    // If-Match decides: If-Unmodified-Since is ignored with it.
    expect(conditionalOutcome({ ifMatch: `"${OID}"`, ifUnmodifiedSince: before }, LFS, STORED, NOW)).toEqual(
      whole,
    );
  });

  it('If-Unmodified-Since: 412 when the file was stored after the date; ignored without a date or when malformed', () => {
    expect(conditionalOutcome({ ifUnmodifiedSince: before }, LFS, STORED, NOW)).toEqual(failed);
    // HTTP-dates are to the second: the file stored at 00:30:00.400 is not modified since 00:30:00.
    for (const header of [at(STORED), after]) {
      expect(conditionalOutcome({ ifUnmodifiedSince: header }, LFS, STORED, NOW), header).toEqual(whole);
    }
    expect(conditionalOutcome({ ifUnmodifiedSince: before }, LFS, undefined, NOW)).toEqual(whole);
    expect(conditionalOutcome({ ifUnmodifiedSince: 'yesterday' }, LFS, STORED, NOW)).toEqual(whole);
  });

  it('If-Modified-Since: 304 when the file was stored at or before the date, only without If-None-Match', () => {
    for (const header of [at(STORED), after]) {
      expect(conditionalOutcome({ ifModifiedSince: header, range: RANGE }, LFS, STORED, NOW), header).toEqual(
        notModified,
      );
    }
    expect(conditionalOutcome({ ifModifiedSince: before, range: RANGE }, LFS, STORED, NOW)).toEqual(ranged);
    // If-None-Match decides, whatever the date says.
    expect(conditionalOutcome({ ifModifiedSince: after, ifNoneMatch: '"x"' }, LFS, STORED, NOW)).toEqual(
      whole,
    );
    expect(
      conditionalOutcome({ ifModifiedSince: before, ifNoneMatch: `"${OID}"` }, LFS, STORED, NOW),
    ).toEqual(notModified);
    // Not held (no date to compare), not an HTTP-date, or later than now: ignored.
    expect(conditionalOutcome({ ifModifiedSince: after }, LFS, undefined, NOW)).toEqual(whole);
    expect(conditionalOutcome({ ifModifiedSince: 'soon' }, LFS, STORED, NOW)).toEqual(whole);
    expect(conditionalOutcome({ ifModifiedSince: at(NOW + 5000) }, LFS, STORED, NOW)).toEqual(whole);
  });

  it('says which requests need the stored date', () => {
    expect(hasDateCondition({ ifModifiedSince: after })).toBe(true);
    expect(hasDateCondition({ ifUnmodifiedSince: after })).toBe(true);
    expect(hasDateCondition({ ifMatch: '*', ifNoneMatch: '*', ifRange: after, range: RANGE })).toBe(false);
  });

  it('a 412 carries the file’s validators', () => {
    const error = preconditionFailed('model.safetensors', { ...LFS, 'content-type': 'x' });
    expect(error.status).toBe(412);
    expect(error.headers).toEqual(LFS);
  });
});

describe('notModifiedReply', () => {
  it('a 304 with the 200’s headers and the whole file’s length, no body', () => {
    expect(notModifiedReply(LFS, 200_000)).toEqual({
      status: 304,
      headers: { ...LFS, 'content-length': '200000' },
    });
  });
});
