/** whoAmI against the test hub: a valid token names its account, a wrong one is UNAUTHORIZED, none is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { isHubgetError } from '../errors.js';
import { whoAmI } from './whoami.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(() => hub.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return isHubgetError(error) ? error.code : String(error);
  }
}

describe('whoAmI', () => {
  it('names the account and the token of a valid token', async () => {
    expect(await whoAmI({ endpoint: hub.url, token: hub.token })).toEqual({
      name: 'test-user',
      fullname: 'Test User',
      type: 'user',
      tokenName: 'hubget-test',
      tokenRole: 'read',
    });
  });

  it('says the Hub rejected a wrong token, without the token in the message', async () => {
    const failure = whoAmI(
      { endpoint: hub.url, token: 'hf_wrong_token_123' },
      { retry: { maxConsecutiveFailures: 1 } },
    );
    await expect(failure).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await failure.catch((error: Error) => expect(error.message).not.toContain('hf_wrong'));
  });

  it('asks nothing without a token', async () => {
    hub.clearRequests();
    expect(await codeOf(whoAmI({ endpoint: hub.url }))).toBe('INVALID_ARGUMENT');
    expect(hub.requests).toHaveLength(0);
  });
});
