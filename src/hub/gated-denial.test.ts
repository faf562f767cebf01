import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { gatedDenial, gatedDenialOf } from './gated-denial.js';
import { hubErrorFromResponse } from './hub-errors.js';

const gatedAnswer = (status: number, tokenSent: boolean) =>
  hubErrorFromResponse(
    { status, headers: { 'x-error-code': 'GatedRepo' } },
    { url: 'https://hub.example/org/x/resolve/main/a.bin', endpoint: 'https://hub.example', tokenSent },
  );

describe('gatedDenial', () => {
  it('tells no token, a token not accepted (401) and a token without access (403) apart', () => {
    expect(gatedDenial(401, false)).toBe('no-token');
    expect(gatedDenial(401, true)).toBe('token-rejected');
    expect(gatedDenial(403, true)).toBe('no-access');
  });

  it("reads the case of the Hub client's GATED_REPO, whose message follows the same rule", () => {
    expect(gatedDenialOf(gatedAnswer(401, false))).toBe('no-token');
    expect(gatedDenialOf(gatedAnswer(401, true))).toBe('token-rejected');
    expect(gatedAnswer(401, true).message).toMatch(/: the token was not accepted: /);
    expect(gatedDenialOf(gatedAnswer(403, true))).toBe('no-access');
    expect(gatedAnswer(403, true).message).toMatch(/: your token has not been granted access yet: /);
    // An error that does not say whether a token went (the mirror's, a test's): no case.
    expect(gatedDenialOf(new HubgetError('GATED_REPO', 'gated', { status: 403 }))).toBeUndefined();
  });
});
