import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { downloadRefusal } from './download-refusal.js';

const target = { repoId: 'org/repo', repoType: 'model' as const };
const endpoint = 'https://hub.example';
const noToken = { endpoint, hasToken: false };
const token = { endpoint, hasToken: true };
const access = (gated: boolean, accessDenied: boolean) => ({
  commit: 'c'.repeat(40),
  gated,
  accessDenied,
  paths: [],
});

describe('downloadRefusal', () => {
  it('refuses a gated repo without access, saying what to do with and without a token', () => {
    expect(downloadRefusal(target, noToken, access(true, true))).toEqual({
      needsToken: true,
      error: new HubgetError(
        'GATED_REPO',
        'org/repo is gated: request access at https://hub.example/org/repo and then set a Hugging Face token in Settings',
      ),
    });
    expect(downloadRefusal(target, token, access(true, true))?.error.message).toBe(
      'org/repo is gated and the token has no access to it yet: request access at https://hub.example/org/repo',
    );
    expect(downloadRefusal(target, token, access(true, false))).toBeNull();
  });

  it("words a gated refusal by the Hub's answer: a token not accepted (401) is not one without access (403)", () => {
    const refused = (status: number) => ({
      ...access(true, true),
      refusal: new HubgetError('GATED_REPO', 'the Hub client says', { status, details: { tokenSent: true } }),
    });
    expect(downloadRefusal(target, token, refused(401))?.error.message).toBe(
      'org/repo is gated and the Hub did not accept the token: set a valid Hugging Face token in Settings, of ' +
        'an account that has access (request it at https://hub.example/org/repo)',
    );
    expect(downloadRefusal(target, token, refused(403))?.error.message).toBe(
      'org/repo is gated and the token has no access to it yet: request access at https://hub.example/org/repo',
    );
    // The Hub's GATED_REPO itself (the revision info refused as gated) is worded alike.
    expect(downloadRefusal(target, token, refused(401).refusal)?.error.message).toMatch(
      /did not accept the token/,
    );
    expect(downloadRefusal(target, noToken, access(false, false))).toBeNull();
  });

  it('without a token, a repo the Hub does not list may be missing, private or gated', () => {
    const refusal = downloadRefusal(
      target,
      noToken,
      new HubgetError('REPO_NOT_FOUND', 'Model org/repo not found'),
    );
    expect(refusal?.needsToken).toBe(true);
    expect(refusal?.error.code).toBe('REPO_NOT_FOUND');
    expect(refusal?.error.message).toBe(
      'org/repo was not found on https://hub.example or is private or gated: check the id, and if you have ' +
        'access, set a Hugging Face token in Settings',
    );
  });

  it.each(['REPO_NOT_FOUND', 'REVISION_NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN'] as const)(
    "with a token, %s is the Hub's own answer",
    (code) => {
      const answer = new HubgetError(code, `the Hub's ${code}`);
      expect(downloadRefusal(target, token, answer)).toEqual({ error: answer, needsToken: false });
    },
  );

  it.each(['NETWORK_UNREACHABLE', 'HUB_HTTP_ERROR', 'RATE_LIMITED', 'OFFLINE_MODE', 'ABORTED'] as const)(
    '%s is no answer about the repo: nothing is refused',
    (code) => {
      expect(downloadRefusal(target, noToken, new HubgetError(code, code))).toBeNull();
    },
  );
});
