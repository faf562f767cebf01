import { describe, expect, it } from 'vitest';
import { rangesStillMissingError } from './ranges-still-missing.js';

describe('rangesStillMissingError', () => {
  it('quotes a file name with a space, and leaves a plain one bare', () => {
    expect(rangesStillMissingError('weights/my model.bin')).toMatchObject({
      code: 'TRANSFER_FAILED',
      message: "Ranges still missing in 'weights/my model.bin' after the transfer",
    });
    expect(rangesStillMissingError("it's.bin").message).toBe(
      "Ranges still missing in 'it'\\''s.bin' after the transfer",
    );
    expect(rangesStillMissingError('model.bin').message).toBe(
      'Ranges still missing in model.bin after the transfer',
    );
  });
});
