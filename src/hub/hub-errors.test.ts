import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { hubErrorFromResponse, networkError, refusalInContext } from './hub-errors.js';
import { parseRepoRef } from './repo-id.js';
import { isRetryableNetworkError, serverDelayMs } from './retry-policy.js';

const context = {
  url: 'https://huggingface.co/api/models/org/x/revision/main?secret=1',
  endpoint: 'https://huggingface.co',
  repo: parseRepoRef('org/x'),
  revision: 'main',
  path: 'w.bin',
};

function map(status: number, headers: Record<string, string> = {}, bodyText?: string, tokenSent = false) {
  return hubErrorFromResponse({ status, headers, bodyText }, { ...context, tokenSent });
}

describe('hubErrorFromResponse', () => {
  it.each([
    [404, { 'x-error-code': 'RevisionNotFound' }, 'REVISION_NOT_FOUND', false],
    [404, { 'x-error-code': 'EntryNotFound' }, 'ENTRY_NOT_FOUND', false],
    [401, { 'x-error-code': 'GatedRepo' }, 'GATED_REPO', false],
    [403, { 'x-error-code': 'GatedRepo' }, 'GATED_REPO', false],
    [404, { 'x-error-code': 'RepoNotFound' }, 'REPO_NOT_FOUND', false],
    [401, {}, 'REPO_NOT_FOUND', false],
    [401, { 'x-error-message': 'Invalid credentials in Authorization header' }, 'UNAUTHORIZED', false],
    [403, {}, 'FORBIDDEN', false],
    [403, { 'x-error-message': 'Access to this resource is disabled.' }, 'FORBIDDEN', false],
    [429, {}, 'RATE_LIMITED', true],
    [500, {}, 'HUB_HTTP_ERROR', true],
    [502, {}, 'HUB_HTTP_ERROR', true],
    [408, {}, 'HUB_HTTP_ERROR', true],
    [400, {}, 'HUB_HTTP_ERROR', false],
    [416, {}, 'HUB_HTTP_ERROR', false],
  ])('%i %j → %s (retryable %s)', (status, headers, code, retryable) => {
    const error = map(status, headers);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.message).not.toContain('secret=1');
  });

  it('gives actionable advice', () => {
    expect(map(401, { 'x-error-code': 'GatedRepo' }).message).toBe(
      'Model org/x is gated: request access at https://huggingface.co/org/x and use a token of the account that has access',
    );
    expect(map(403, { 'x-error-code': 'GatedRepo' }, undefined, true).message).toMatch(
      /not been granted access yet/,
    );
    expect(map(404, { 'x-error-code': 'RepoNotFound' }).message).toMatch(
      /^Model org\/x not found on https:\/\/huggingface.co \(or it is private\): check the id, or use a token that can read it/,
    );
    expect(map(404, { 'x-error-code': 'EntryNotFound' }).message).toBe(
      'File w.bin not found in model org/x at revision main',
    );
    // A name with a space quoted, as every path hubget prints (src/format/shell-word.ts).
    const spaced = hubErrorFromResponse(
      { status: 404, headers: { 'x-error-code': 'EntryNotFound' } },
      { ...context, path: 'my weights/a b.bin' },
    );
    expect(spaced.message).toBe("File 'my weights/a b.bin' not found in model org/x at revision main");
    const dataset = hubErrorFromResponse(
      { status: 401, headers: { 'x-error-code': 'GatedRepo' } },
      { ...context, repo: parseRepoRef('org/d', 'dataset') },
    );
    expect(dataset.message).toContain('https://huggingface.co/datasets/org/d');
  });

  it('keeps the server message and request id in details', () => {
    const error = map(500, { 'x-request-id': 'req-1' }, '{"error":"boom"}');
    expect(error.message).toContain('boom');
    expect(error.details).toMatchObject({ serverMessage: 'boom', requestId: 'req-1' });
  });

  it('computes when to retry from RateLimit and Retry-After', () => {
    expect(serverDelayMs(429, { ratelimit: '"api";r=0;t=12' })).toBe(13_000);
    expect(serverDelayMs(429, { ratelimit: '"api";r=5;t=12', 'retry-after': '2' })).toBe(3000);
    expect(serverDelayMs(503, { 'retry-after': '4' })).toBe(5000);
    expect(serverDelayMs(503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBe(0);
    expect(serverDelayMs(500, {})).toBeUndefined();
    const limited = map(429, { ratelimit: '"resolvers";r=0;t=59' });
    expect(limited.retryAfterMs).toBe(60_000);
    expect(limited.message).toBe(
      'The Hub rate-limited this client (resolvers bucket): retry in 60 s; passing a token raises the limit',
    );
  });
});

describe('networkError', () => {
  it('names the host once, what happened in words with the system code, and what to check', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const error = networkError(
      new TypeError('fetch failed', { cause }),
      'https://hub.example:8443/api/x?sig=1',
    );
    expect(error.code).toBe('NETWORK_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'Cannot reach hub.example:8443: the connection was refused (ECONNREFUSED). Nothing listens there: ' +
        'check the Hub endpoint (HF_ENDPOINT) and that its server is running',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4179'), { code: 'ECONNREFUSED' });
    expect(
      networkError(refused, 'http://127.0.0.1:4179/api/models/org/a').message.split('127.0.0.1:4179'),
    ).toHaveLength(2);
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' });
    expect(networkError(lookup, 'https://nope.invalid/api/x').message).toBe(
      'Cannot reach nope.invalid: no such host (ENOTFOUND). Check the host name in the Hub endpoint ' +
        '(HF_ENDPOINT), the network and its DNS',
    );
    // A failure without words of its own keeps the system's message, without the address it repeats.
    const other = Object.assign(new Error('read EPROTO 127.0.0.1:4179 wrong version'), { code: 'EPROTO' });
    expect(networkError(other, 'http://127.0.0.1:4179/api/x').message).toBe(
      'Cannot reach 127.0.0.1:4179: read EPROTO wrong version. Check the network, the Hub endpoint ' +
        '(HF_ENDPOINT) and any HTTPS_PROXY setting',
    );
    expect(isRetryableNetworkError(new TypeError('fetch failed', { cause }))).toBe(true);
    expect(isRetryableNetworkError(new Error('plain'))).toBe(false);
  });
});

describe('refusalInContext', () => {
  it("tells a /resolve/ refusal again with the repo, the file and the token's part", () => {
    const bare = hubErrorFromResponse(
      { status: 403, headers: { 'x-error-code': 'GatedRepo' } },
      { url: 'https://huggingface.co/org/x/resolve/abc/model.bin', endpoint: 'https://huggingface.co' },
    );
    expect(bare.message).toMatch(/^The repository is gated/);
    const told = refusalInContext(bare, {
      endpoint: 'https://huggingface.co',
      repo: { repoId: 'org/x', repoType: 'model' },
      path: 'model.bin',
      tokenSent: true,
    });
    expect(told.code).toBe('GATED_REPO');
    expect(told.message).toBe(
      'Model org/x is gated: your token has not been granted access yet: request access at https://huggingface.co/org/x',
    );
    expect(told.details).toMatchObject({ tokenSent: true, status: 403 });
    // Anything else passes unchanged.
    const other = new HubgetError('TRANSFER_FAILED', 'dropped');
    expect(refusalInContext(other, { endpoint: 'https://huggingface.co' })).toBe(other);
  });
});
