/** The HubgetError a promise rejects with; any other outcome (a fulfilment, another error) fails the test. */
import { type HubgetError, isHubgetError } from '../../src/errors.js';

export async function rejection(promise: Promise<unknown>): Promise<HubgetError> {
  try {
    await promise;
  } catch (error) {
    if (isHubgetError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
