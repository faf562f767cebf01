import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { TransferUrl } from './transfer-url.js';

describe('TransferUrl', () => {
  it('gives up on a URL refused after two fresh ones, naming the file as every message of a file does', async () => {
    const url = new TransferUrl(
      async () => ({ url: 'http://127.0.0.1:9/x', headers: {} }),
      'my weights/a b.bin',
      () => {},
    );
    await url.current();
    const refused = new HubgetError('URL_EXPIRED', 'Download URL refused with 403', { status: 403 });
    await url.refresh(0, refused);
    await url.refresh(1, refused);
    // The name quoted, a dash after it (src/format/path-punctuation.ts ofFile), not a colon glued to it.
    await expect(url.refresh(2, refused)).rejects.toThrow(
      "'my weights/a b.bin' — download URL still refused with 403 after fetching a fresh one",
    );
  });
});
