import { describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES, freeBatchBuffers, returnBatchBuffer, takeBatchBuffer } from './batch-buffers.js';

describe('batch buffers', () => {
  it('reuses a returned batch, keeps at most 8 free ones, and refuses buffers of another size', () => {
    const first = takeBatchBuffer();
    expect(first.length).toBe(BATCH_MAX_BYTES);
    returnBatchBuffer(first);
    const before = freeBatchBuffers();
    expect(takeBatchBuffer()).toBe(first);
    expect(freeBatchBuffers()).toBe(before - 1);

    const taken = Array.from({ length: 40 }, () => takeBatchBuffer());
    for (const buffer of taken) returnBatchBuffer(buffer);
    expect(freeBatchBuffers()).toBe(8);
    returnBatchBuffer(Buffer.alloc(10));
    expect(freeBatchBuffers()).toBe(8);
  });
});
