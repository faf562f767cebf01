import { describe, expect, it } from 'vitest';
import { conditionalOutcome, notModifiedReply } from './conditional-request.js';

const OID = 'e61d8f5af6836e13397309ce3aca3daf13d574a6';
const SHA = 'bee544382e62a1ae5f7e207b7eb2034f6c9180ef509e97bfeac4ce4b768c8e50';
const LFS = { etag: `"${OID}"`, 'x-linked-etag': `"${SHA}"`, 'x-repo-commit': 'c'.repeat(40) };
const REGULAR = { etag: `"${OID}"`, 'x-repo-commit': 'c'.repeat(40) };
const RANGE = 'bytes=10-';
const ranged = { kind: 'send', range: RANGE };
const whole = { kind: 'send', range: undefined };
const notModified = { kind: 'not-modified' };

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

describe('notModifiedReply', () => {
  it('a 304 with the 200’s headers and the whole file’s length, no body', () => {
    expect(notModifiedReply(LFS, 200_000)).toEqual({
      status: 304,
      headers: { ...LFS, 'content-length': '200000' },
    });
  });
});
